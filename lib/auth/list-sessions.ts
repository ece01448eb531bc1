import type { SessionView } from "@/lib/contracts/sessions.ts";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "./actor.ts";
import { deviceOf } from "./device.ts";
import { accountNotForTokens, canManageAccount } from "./permissions.ts";

/** The actor's sessions that still count (not ended, not expired): the asking one first, then the most recently used. */
export async function listSessions({ actor, now = new Date() }: { actor: Actor; now?: Date }): Promise<SessionView[]> {
  if (!canManageAccount(actor)) throw accountNotForTokens();
  const sessions = await db().session.findMany({
    where: { userId: actor.userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, userAgent: true, ip: true },
  });
  const current = (id: string) => id === actor.sessionId;
  return sessions
    .toSorted((a, b) => Number(current(b.id)) - Number(current(a.id)))
    .map((session) => ({
      id: session.id,
      current: current(session.id),
      device: deviceOf(session.userAgent),
      userAgent: session.userAgent,
      ip: session.ip,
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
    }));
}
