import { db, Prisma } from "@/lib/db/client.ts";
import { queryPrepared } from "@/lib/db/prepared.ts";
import type { Role } from "@/lib/db/generated/enums.ts";

// Server-side sessions behind the session cookie. The cookie is a signed JWT naming a session; the
// session row decides whether it still counts, so signing out (or out everywhere, or changing the
// password) takes effect at once, on every app instance.

/** How long a sign-in lasts; the JWT's own lifetime is the same. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** A session's last use is written at most this often: reads stay reads. */
const LAST_SEEN_EVERY_MS = 5 * 60_000;

export async function createSession({ userId, userAgent, ip }: { userId: string; userAgent?: string | null; ip?: string | null }): Promise<string> {
  const session = await db().session.create({
    data: { userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS), userAgent: userAgent?.slice(0, 512) ?? null, ip: ip?.slice(0, 64) ?? null },
    select: { id: true },
  });
  return session.id;
}

/** `locale`: the dashboard's language the user chose (lib/i18n/locales.ts), or null. */
type SessionUser = { id: string; role: Role; name: string; email: string; locale: string | null };

/**
 * The signed-in user if the session still counts (not revoked, not expired, theirs); null otherwise.
 * Every request of a signed-in customer asks this first, so it is one prepared statement (the session
 * and its user joined; lib/db/prepared.ts) rather than the two round trips of a model query with its relation.
 */
export async function activeSessionUser(sessionId: string | undefined, userId: string | undefined): Promise<SessionUser | null> {
  if (!sessionId || !userId || !/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const [session] = await queryPrepared<SessionUser & { last_seen_at: Date }>(
    "active-session",
    Prisma.sql`
      SELECT u.id, u.role, u.name, u.email, u.locale, s.last_seen_at
      FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = ${sessionId}::uuid AND s.user_id = ${userId}::uuid AND s.revoked_at IS NULL AND s.expires_at > now()`,
  );
  if (!session) return null;
  const { last_seen_at: lastSeenAt, ...user } = session;
  await recordSessionUse(sessionId, lastSeenAt);
  return user;
}

/** Records that a session counted just now: at most every few minutes, so reads stay reads. */
export async function recordSessionUse(sessionId: string, lastSeenAt: Date): Promise<void> {
  const now = Date.now();
  if (now - lastSeenAt.getTime() > LAST_SEEN_EVERY_MS) {
    await db().session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(now) } });
  }
}

export async function revokeSession(sessionId: string): Promise<void> {
  await db().session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every session of the user ("sign out everywhere", a password change), but `except` when given. */
export async function revokeAllSessions({ userId, except }: { userId: string; except?: string }): Promise<number> {
  const { count } = await db().session.updateMany({
    where: { userId, revokedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}
