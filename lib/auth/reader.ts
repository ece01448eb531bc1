import { Prisma } from "@/lib/db/client.ts";
import type { Role } from "@/lib/db/generated/enums.ts";
import { callerFromRequest, unauthorized, type Actor, type SessionClaim } from "./actor.ts";
import { recordSessionUse } from "./sessions.ts";

// The customer API's reads that every open page polls (the server list, a server, its memory chart)
// ask whether the caller's session still counts in their own statement, so a poll is one round trip
// to PostgreSQL rather than two. The rule is activeSessionUser's (lib/auth/sessions.ts): not revoked,
// not expired, the cookie's own user. A reader is refused with 401 where a route that asks it first
// would be, but for a path its contract refuses (a malformed id), answered 404 before any statement:
// it names nothing to read. Until its statement answered, a reader has no role and acts on nothing.

/** Who a read is for: an API token's owner (already looked up), or a session cookie's claim, asked by the read. */
export type Reader = { userId: string; claim: SessionClaim | null; role?: Role };

/** The request's reader; refused at once when it carries neither a session cookie nor a valid API token. */
export async function readerFromRequest(request: Request): Promise<Reader> {
  const caller = await callerFromRequest(request);
  return "actor" in caller ? { userId: caller.actor.userId, claim: null, role: caller.actor.role } : { userId: caller.claim.userId, claim: caller.claim };
}

/** A reader for an actor authenticated already, for callers inside the app (tests, benchmarks). */
export const readerOf = (actor: Actor): Reader => ({ userId: actor.userId, claim: null, role: actor.role });

/**
 * The CTE `reader` of a read's statement: one row (the user's role, the session's last use) while the
 * reader counts, none otherwise. A reader without a claim was authenticated already: only its user's
 * existence is asked. One SQL text for both, so each read stays one prepared statement.
 */
export function readerCte(reader: Reader): Prisma.Sql {
  const sessionId = reader.claim?.sessionId ?? null;
  return Prisma.sql`reader AS (
      SELECT u.role AS reader_role, s.last_seen_at AS reader_last_seen
      FROM users u LEFT JOIN sessions s ON s.id = ${sessionId}::uuid AND s.user_id = u.id
      WHERE u.id = ${reader.userId}::uuid
        AND (${sessionId}::uuid IS NULL OR (s.id IS NOT NULL AND s.revoked_at IS NULL AND s.expires_at > now())))`;
}

/** The columns a read's statement answers from `reader`, on each of its rows. */
export type ReaderColumns = { reader_role: Role; reader_last_seen: Date | null };

/**
 * Settles the reader from its statement's first row: no row means the session no longer counts (401).
 * Records the session's use as activeSessionUser does, at most every few minutes.
 */
export async function settleReader(reader: Reader, row: ReaderColumns | undefined): Promise<void> {
  if (!row) throw unauthorized();
  reader.role = row.reader_role;
  if (reader.claim && row.reader_last_seen) await recordSessionUse(reader.claim.sessionId, row.reader_last_seen);
}
