import * as z from "zod/mini";
import { ApiTokenScope } from "@/lib/db/generated/enums.ts";

// The ApiToken resource (a customer's personal API token, as listed: never its secret nor its hash)
// and the requests that create and revoke one.

const time = z.iso.datetime({ offset: true });

/** How far ahead a token may expire: a calendar year, leap day included. */
export const API_TOKEN_MAX_DAYS = 366;
const DAY_MS = 24 * 60 * 60_000;

const scope = z
  .enum(ApiTokenScope, { error: 'scope must be "read" or "read_write"' })
  .check(z.describe("`read`: only reads; every request that would change something is refused (403 `token_read_only`). `read_write`: reads and changes."));

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().check(z.describe("The token's first characters (`vpsd_` and six more), to tell it apart; the rest is never shown again.")),
    scope,
    createdAt: time,
    lastUsedAt: z.nullable(time).check(z.describe("When a request last carried it; null if none has.")),
    expiresAt: z.nullable(time).check(z.describe("When it stops working; null if it never expires. An expired token is still listed until revoked.")),
  })
  .check(z.meta({ id: "ApiToken", description: "One of your personal API tokens, as listed: never its secret." }));

export type ApiTokenView = z.infer<typeof apiTokenSchema>;

/** The `{id}` of /tokens/{id}: a UUID; anything else names no token. */
export const apiTokenPath = z.object({ id: z.uuid().check(z.describe("The token's id.")) });

export const apiTokenListResponse = z.object({ tokens: z.array(apiTokenSchema).check(z.describe("Newest first. Revoked tokens are not listed.")) });

// Each also passes a text that is no time at all (Date.parse gives NaN): the format's check says so, once.
const inFuture = (value: string) => !(Date.parse(value) <= Date.now());
const withinMaxDays = (value: string) => !(Date.parse(value) > Date.now() + API_TOKEN_MAX_DAYS * DAY_MS);

export const createApiTokenBody = z.strictObject({
  name: z
    .string({ error: "name must be a string" })
    .check(
      z.trim(),
      z.minLength(1, "name is required"),
      z.maxLength(100, "name must be at most 100 characters"),
      z.describe("What the token is for, to recognise it by (`backup script`): 1 to 100 characters, trimmed."),
    ),
  scope,
  expiresAt: z.optional(
    z.nullable(
      z.iso
        .datetime({ offset: true, error: "expiresAt must be an ISO 8601 time with its offset (2027-01-31T12:00:00Z)" })
        .check(
          z.refine(inFuture, "expiresAt must be in the future"),
          z.refine(withinMaxDays, `expiresAt must be at most ${API_TOKEN_MAX_DAYS} days ahead`),
          z.describe(`When the token stops working: in the future, at most ${API_TOKEN_MAX_DAYS} days ahead. Omitted or null: it never expires.`),
        ),
    ),
  ),
});

export type CreateApiTokenBody = z.input<typeof createApiTokenBody>;

export const createApiTokenResponse = z.object({
  token: apiTokenSchema,
  secret: z
    .string()
    .check(z.describe("The token itself (`vpsd_…`), to send as `Authorization: Bearer <secret>`. Shown this once: only its SHA-256 is kept.")),
});

/** The token as it was listed; it no longer works. */
export const revokeApiTokenResponse = z.object({ token: apiTokenSchema });
