import * as z from "zod/mini";

export const revokeSessionsResponse = z.object({
  revoked: z.int().check(z.minimum(0), z.describe("How many browser sessions were ended, this one included.")),
});

const time = z.iso.datetime({ offset: true });

export const sessionSchema = z
  .object({
    id: z.uuid(),
    current: z.boolean().check(z.describe("The session this request came with.")),
    device: z
      .object({
        browser: z.nullable(z.string()).check(z.describe("`Firefox`, `Chrome`, `Safari`, `Edge`, …; null when the User-Agent does not say.")),
        system: z.nullable(z.string()).check(z.describe("`Windows`, `macOS`, `Linux`, `Android`, `iPhone`, …; null when the User-Agent does not say.")),
      })
      .check(z.describe("What signed in, as read from its User-Agent, to tell sessions apart.")),
    userAgent: z.nullable(z.string()).check(z.describe("The User-Agent it signed in with, as sent (its first 512 characters).")),
    ip: z.nullable(z.string()).check(z.describe("The address it signed in from.")),
    createdAt: time,
    lastSeenAt: time.check(z.describe("Its last use, to within five minutes.")),
    expiresAt: time.check(z.describe("When it ends by itself, 12 hours after signing in.")),
  })
  .check(z.meta({ id: "Session", description: "A browser signed in to your account." }));

export type SessionView = z.infer<typeof sessionSchema>;

export const sessionListResponse = z.object({
  sessions: z.array(sessionSchema).check(z.describe("Your sessions that still count: this one first, then the most recently used.")),
});

/** The `{id}` of /sessions/{id}: a UUID; anything else names no session. */
export const sessionPath = z.object({ id: z.uuid().check(z.describe("The session's id, from the list.")) });

export const endSessionResponse = z.object({
  id: z.uuid(),
  current: z.boolean().check(z.describe("It was the session this request came with: this browser is signed out.")),
});
