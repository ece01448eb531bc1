import type { ApiTokenView } from "@/lib/contracts/api-tokens.ts";
import type { ApiToken } from "@/lib/db/generated/client.ts";

/** The columns a token is shown by: never its hash. */
export const API_TOKEN_VIEW_FIELDS = { id: true, name: true, prefix: true, scope: true, createdAt: true, lastUsedAt: true, expiresAt: true } as const;

type ShownToken = Pick<ApiToken, keyof typeof API_TOKEN_VIEW_FIELDS>;

export function toApiTokenView(token: ShownToken): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scope: token.scope,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
  };
}
