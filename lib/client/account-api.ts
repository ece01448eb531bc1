import type { ApiTokenView } from "@/lib/contracts/api-tokens";
import type { customerRoutes } from "@/lib/contracts/customer-routes";
import type { RouteBodyInput } from "@/lib/contracts/route-contract";
import { answerOf, call, contracts } from "./api";

// The account pages' calls, apart from the server pages' (api.ts): those pages' scripts need none of them.

/** Changes the account's password; answers how many of its other browser sessions were ended. */
export async function changePassword(body: RouteBodyInput<typeof customerRoutes.changePassword>): Promise<number> {
  const routes = (await contracts()).customerRoutes;
  return (await answerOf(routes.changePassword.responses[200], await call(routes.changePassword, { body }))).revoked;
}

/** Ends one of the account's browser sessions; `current` says it was this browser's. */
export async function endSession(sessionId: string): Promise<{ id: string; current: boolean }> {
  const routes = (await contracts()).customerRoutes;
  return answerOf(routes.endSession.responses[200], await call(routes.endSession, { params: { id: sessionId } }));
}

/** A new API token, with its secret: answered this once, never again. */
export async function createApiToken(body: RouteBodyInput<typeof customerRoutes.createApiToken>): Promise<{ token: ApiTokenView; secret: string }> {
  const routes = (await contracts()).customerRoutes;
  return answerOf(routes.createApiToken.responses[201], await call(routes.createApiToken, { body }));
}

/** Revokes an API token: it stops working at once. */
export async function revokeApiToken(tokenId: string): Promise<ApiTokenView> {
  const routes = (await contracts()).customerRoutes;
  return (await answerOf(routes.revokeApiToken.responses[200], await call(routes.revokeApiToken, { params: { id: tokenId } }))).token;
}
