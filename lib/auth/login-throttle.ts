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

export async function recordFailure(email: string, now = new Date()): Promise<void> {
  const key = throttleKey(email);
  await db().$transaction(async (tx) => {
    const row = await tx.loginThrottle.findUnique({ where: { key } });
    const windowExpired = !row || now.getTime() - row.firstFailure.getTime() > WINDOW_MS;
    const failures = windowExpired ? 1 : row.failures + 1;
    const lock = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : null;
    await tx.loginThrottle.upsert({
      where: { key },
      create: { key, failures, firstFailure: now, lockedUntil: lock },
      update: { failures, lockedUntil: lock, ...(windowExpired ? { firstFailure: now } : {}) },
    });
  });
}

export async function clearFailures(email: string): Promise<void> {
  await db().loginThrottle.deleteMany({ where: { key: throttleKey(email) } });
}
