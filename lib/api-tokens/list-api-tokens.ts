import type { Actor } from "@/lib/auth/actor.ts";
import type { ApiTokenView } from "@/lib/contracts/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import { API_TOKEN_VIEW_FIELDS, toApiTokenView } from "./api-token-view.ts";

/** The caller's tokens that are not revoked, newest first; expired ones too, so their owner sees why a script stopped. */
export async function listApiTokens({ actor }: { actor: Actor }): Promise<ApiTokenView[]> {
  const tokens = await db().apiToken.findMany({
    where: { userId: actor.userId, revokedAt: null },
    select: API_TOKEN_VIEW_FIELDS,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return tokens.map(toApiTokenView);
}
