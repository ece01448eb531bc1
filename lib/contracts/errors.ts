import * as z from "zod/mini";
import { DOMAIN_ERROR_CODES } from "@/lib/errors/domain-error.ts";

// The API's error body and every code it can carry. Two kinds of code: what the HTTP layer itself
// refuses (malformed input, a body too large, a method a route does not take, an outage), and what a
// service refuses (lib/errors/domain-error.ts). Statuses are HTTP's business: lib/api/errors.ts.

export const TRANSPORT_ERROR_CODES = [
  "invalid_input",
  "not_found",
  "method_not_allowed",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "internal",
  "unavailable",
] as const;

export const ERROR_CODES = [...DOMAIN_ERROR_CODES, ...TRANSPORT_ERROR_CODES] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const fieldProblemSchema = z.object({
  field: z.string().check(z.describe("The field's path in the input, dot-separated (`domains.0.state`), or `(body)`.")),
  message: z.string(),
});

export type FieldProblem = z.infer<typeof fieldProblemSchema>;

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).check(z.describe("Stable: act on the code, never on the wording.")),
      message: z.string().check(z.describe("Plain words, fit to show to a person as they are.")),
      details: z.optional(
        z
          .record(z.string(), z.unknown())
          .check(
            z.describe(
              "Facts to act on. `invalid_input` has `fields` (one problem per field); a refusal because of another action has `actionId`; `unknown_image` has `choices`.",
            ),
          ),
      ),
    }),
  })
  .check(z.meta({ id: "Error", description: "Every refusal and failure answers with this body." }));

export type ErrorBody = z.infer<typeof errorBodySchema>;
