import { db } from "@/lib/db/client.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { isUuid } from "@/lib/ids.ts";
import type { Actor } from "./actor.ts";
import { accountNotForTokens, canManageAccount } from "./permissions.ts";

/**
 * Ends one of the actor's sessions that still counts; their own current one too, which signs them
 * out. Another account's session, one that already ended and one that never was answer alike: 404.
 */
export async function endSession({ actor, sessionId, now = new Date() }: { actor: Actor; sessionId: string; now?: Date }): Promise<{ id: string; current: boolean }> {
  if (!canManageAccount(actor)) throw accountNotForTokens();
  if (!isUuid(sessionId)) throw notFound("session_not_found");
  const { count } = await db().session.updateMany({
    where: { id: sessionId, userId: actor.userId, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now },
  });
  if (count !== 1) throw notFound("session_not_found");
  return { id: sessionId, current: sessionId === actor.sessionId };
}
