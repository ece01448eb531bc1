import { db } from "@/lib/db/client.ts";

// Slows down password guessing per account: after MAX_FAILURES failed attempts within WINDOW_MS
// the address is refused for LOCK_MS. Kept in PostgreSQL so every app instance shares it.

export const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;

export function throttleKey(email: string): string {
  return email.trim().toLowerCase();
}

/** When the address may try again, or null if it may try now. */
export async function lockedUntil(email: string, now = new Date()): Promise<Date | null> {
  const row = await db().loginThrottle.findUnique({ where: { key: throttleKey(email) } });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/**
 * Counts one failure. A single atomic upsert, so failures arriving at the same moment (from one
 * instance or many) are all counted: a read-then-write would lose some and never lock.
 */
export async function recordFailure(email: string, now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const lockUntil = new Date(now.getTime() + LOCK_MS);
  await db().$executeRaw`
    INSERT INTO login_throttles (key, failures, first_failure, locked_until)
    VALUES (${throttleKey(email)}, 1, ${now}, ${MAX_FAILURES <= 1 ? lockUntil : null})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_throttles.first_failure < ${windowStart} THEN 1 ELSE login_throttles.failures + 1 END,
      first_failure = CASE WHEN login_throttles.first_failure < ${windowStart} THEN ${now} ELSE login_throttles.first_failure END,
      locked_until = CASE
        WHEN login_throttles.first_failure >= ${windowStart} AND login_throttles.failures + 1 >= ${MAX_FAILURES} THEN ${lockUntil}
        ELSE login_throttles.locked_until END`;
}

export async function clearFailures(email: string): Promise<void> {
  await db().loginThrottle.deleteMany({ where: { key: throttleKey(email) } });
}
