import * as z from "zod/mini";
import { COMMANDS, type CommandName } from "@/lib/actions/commands/index.ts";
import { RESTART_CHOICES } from "./servers.ts";

// A server's activity: what happened to it, newest first, a page at a time. Each event has a stable
// `kind` and that kind's own facts; the words are the client's (the dashboard builds its sentences
// by kind), except an action's error message, which is the plain sentence the dashboard stores.

const COMMAND_NAMES = Object.keys(COMMANDS) as [CommandName, ...CommandName[]];

const common = {
  id: z.string().check(z.describe("The event's id: stable, unique among the server's events.")),
  at: z.iso.datetime({ offset: true }),
  actor: z
    .enum(["you", "support", "system"])
    .check(
      z.describe(
        "Who did it: `you` (the server's owner, by the dashboard or an API token), `support` (the provider's staff), or `system` (the dashboard or the server's host, on its own).",
      ),
    ),
};

const action = {
  actionId: z.uuid().check(z.describe("The action: GET /api/v1/actions/{id}.")),
  command: z.enum(COMMAND_NAMES),
};

const event = <K extends string, F extends z.core.$ZodLooseShape>(kind: K, description: string, fields: F) =>
  z.object({ ...common, kind: z.literal(kind), ...fields }).check(z.describe(description));

export const activityEventSchema = z
  .discriminatedUnion("kind", [
    event("ballooning_changed", "The owner chose ballooning on or off; `restart: \"now\"` queued the restart that applies it.", {
      enabled: z.boolean(),
      restart: z.enum(RESTART_CHOICES),
    }),
    event("guaranteed_memory_refused", "Turning ballooning off was refused (409 `guaranteed_memory_unavailable`): nothing was changed.", {
      reason: z.enum(["host_full", "host_memory_unknown"]),
      requestedMiB: z.int().check(z.positive(), z.describe("The plan that could not be guaranteed.")),
    }),
    event("action_queued", "An action was queued.", action),
    event("action_succeeded", "An action finished.", action),
    event("action_failed", "An action ended in error.", {
      ...action,
      error: z.object({
        code: z.string().check(z.describe("As the action's `error.code`: `rolled_back`, `not_applied`, `rollback_failed`, or the host's own code.")),
        message: z.string().check(z.describe("The plain sentence the action's `error.message` carries.")),
      }),
    }),
    event("reinstall_requested", "The owner asked for the server to be reinstalled onto KVM from an image.", {
      actionId: action.actionId,
      image: z.string().check(z.describe("An image id from the catalogue (`debian-12`).")),
    }),
    event("moved_to_kvm", "The reinstall finished: the server runs on KVM now, with ballooning on.", {
      image: z.string().check(z.describe("The image it was installed from.")),
    }),
    event("ballooning_applied", "The server was first seen running with ballooning on or off, unlike before: a choice took effect.", {
      enabled: z.boolean(),
    }),
    event("server_added", "Support added the server to the owner's account.", {}),
    event("server_transferred", "Support moved the server to the owner's account. What happened before is its former owner's and is not shown.", {}),
  ])
  .check(z.meta({ id: "ActivityEvent", description: "Something that happened to a server: what (`kind`, with its own fields), when and by whom." }));

export type ActivityEvent = z.infer<typeof activityEventSchema>;
export type ActivityKind = ActivityEvent["kind"];
export type ActivityActor = ActivityEvent["actor"];

export const activityResponse = z.object({
  events: z.array(activityEventSchema).check(z.describe("Newest first.")),
  nextCursor: z.nullable(z.string()).check(z.describe("Send it as `cursor` for the events before these; null when there are none.")),
});

export type ActivityPage = z.infer<typeof activityResponse>;

export const ACTIVITY_PAGE_SIZE = { default: 20, max: 100 } as const;

/** Where a page ends: its last event's time and id, the position the next page starts after. */
export type ActivityCursor = { at: Date; id: bigint };

const MAX_EVENT_ID = 2n ** 63n - 1n; // audit_events.id is a bigint

/** The cursor as clients see it: opaque (base64url), so that they pass it back rather than build it. */
export function encodeActivityCursor({ at, id }: ActivityCursor): string {
  return btoa(`${at.getTime()}.${id}`).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The position a cursor names; null for anything encodeActivityCursor did not write. */
export function decodeActivityCursor(cursor: string): ActivityCursor | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
  const parts = /^(\d{1,15})\.(\d{1,19})$/.exec(text);
  if (!parts?.[1] || !parts[2]) return null;
  const at = new Date(Number(parts[1]));
  const id = BigInt(parts[2]);
  return Number.isNaN(at.getTime()) || id > MAX_EVENT_ID ? null : { at, id };
}

export const activityQuery = z.strictObject({
  limit: z.optional(
    z.pipe(
      z
        .string()
        .check(
          z.regex(/^(?:[1-9][0-9]?|100)$/, `must be a whole number from 1 to ${ACTIVITY_PAGE_SIZE.max}`),
          z.describe("How many events."),
          // Documented as the number it stands for: the pattern is how a query string spells it.
          z.meta({
            override: ({ jsonSchema }) => {
              delete jsonSchema.pattern;
              Object.assign(jsonSchema, { type: "integer", minimum: 1, maximum: ACTIVITY_PAGE_SIZE.max, default: ACTIVITY_PAGE_SIZE.default });
            },
          }),
        ),
      z.transform(Number),
    ),
  ),
  cursor: z.optional(
    z.pipe(
      z.string().check(z.describe("The `nextCursor` of the page before: the events older than that page's.")),
      z.transform((value: string, payload) => {
        const cursor = decodeActivityCursor(value);
        if (cursor) return cursor;
        payload.issues.push({ code: "custom", message: "must be a nextCursor the API answered", input: value });
        return z.NEVER;
      }),
    ),
  ),
});
