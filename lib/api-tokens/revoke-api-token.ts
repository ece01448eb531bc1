import type { Actor } from "@/lib/auth/actor.ts";
import { accountNotForTokens, canManageAccount } from "@/lib/auth/permissions.ts";
import { auditEvent } from "@/lib/audit/audit-event.ts";
import type { ApiTokenView } from "@/lib/contracts/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { isUuid } from "@/lib/ids.ts";
import { API_TOKEN_VIEW_FIELDS, toApiTokenView } from "./api-token-view.ts";

/**
 * Revokes one of the caller's tokens: it stops working at once. Another customer's token, a missing
 * one and one revoked already are all not found, so revoking twice answers 404 the second time
 * and writes one audit event, even when two requests race.
 */
export async function revokeApiToken({ actor, tokenId }: { actor: Actor; tokenId: string }): Promise<ApiTokenView> {
  if (!canManageAccount(actor)) throw accountNotForTokens();
  if (!isUuid(tokenId)) throw notFound("token_not_found");
  return db().$transaction(async (tx) => {
    // The condition on revoked_at is checked again under the row's lock: of two racing requests, one revokes.
    const { count } = await tx.apiToken.updateMany({ where: { id: tokenId, userId: actor.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw notFound("token_not_found");
    const token = await tx.apiToken.findUniqueOrThrow({ where: { id: tokenId }, select: API_TOKEN_VIEW_FIELDS });
    await tx.auditEvent.create({ data: auditEvent("token.revoked", { actorId: actor.userId }, { tokenId, name: token.name, prefix: token.prefix }) });
    return toApiTokenView(token);
  });
}
