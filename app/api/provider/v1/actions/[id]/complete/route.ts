import { providerRoute } from "@/lib/api/provider-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { providerRoutes } from "@/lib/contracts/provider-routes.ts";
import { completeAction } from "@/lib/actions/complete-action.ts";
import { reinstallCompletion } from "@/lib/servers/switch-to-kvm.ts";

export const POST = providerRoute(providerRoutes.completeAction, async ({ host, params, body }) => {
  const onSuccess = body.status === "success" ? await reinstallCompletion(params.id) : undefined;
  return { status: 200, body: { action: await completeAction({ hostId: host.id, actionId: params.id, ...body, onSuccess }) } };
});

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
