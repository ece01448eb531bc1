import { providerRoute } from "@/lib/api/provider-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { providerRoutes } from "@/lib/contracts/provider-routes.ts";
import { claimWithWait } from "@/lib/actions/claim-with-wait.ts";

// The request's signal aborts when the agent hangs up: a long poll left by an agent that died must not claim work for it.
export const POST = providerRoute(providerRoutes.claimActions, async ({ host, body, request }) => {
  const actions = await claimWithWait({ hostId: host.id, max: body.max ?? 1, waitMs: body.waitMs ?? 0, signal: request.signal });
  return { status: 200, body: { actions } };
});

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
