import type { Actor } from "@/lib/auth/actor.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { accountNotForTokens, canCreateApiToken } from "@/lib/auth/permissions.ts";
import { auditEvent } from "@/lib/audit/audit-event.ts";
import type { ApiTokenView } from "@/lib/contracts/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import type { ApiTokenScope } from "@/lib/db/generated/enums.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { toApiTokenView } from "./api-token-view.ts";

/**
 * A new API token of the caller's, with its audit event, in one transaction. The secret is answered
 * here once and never again: only its SHA-256 is stored (lib/auth/api-tokens.ts).
 */
export async function issueApiToken({
  actor,
  name,
  scope,
  expiresAt,
}: {
  actor: Actor;
  name: string;
  scope: ApiTokenScope;
  expiresAt?: Date;
}): Promise<{ token: ApiTokenView; secret: string }> {
  if (!canCreateApiToken(actor)) throw refusal(actor);
  return db().$transaction(async (tx) => {
    const { token: secret, record } = await createApiToken({ userId: actor.userId, name, scope, expiresAt }, tx);
    await tx.auditEvent.create({
      data: auditEvent(
        "token.created",
        { actorId: actor.userId },
        { tokenId: record.id, name, prefix: record.prefix, scope, expiresAt: record.expiresAt?.toISOString() ?? null },
      ),
    });
    return { token: toApiTokenView(record), secret };
  });
}

function refusal(actor: Actor): DomainError {
  return actor.via === "api_token"
    ? accountNotForTokens()
    : new DomainError("forbidden", "Operators' API tokens are created with `npm run ops -- token create`, not in the customer API.");
}
