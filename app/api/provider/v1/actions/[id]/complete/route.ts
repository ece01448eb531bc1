import { json } from "@/lib/api/route.ts";
import { providerRoute } from "@/lib/api/provider-route.ts";
import { completeBody } from "@/lib/api/provider-schemas.ts";
import { completeAction } from "@/lib/actions/complete-action.ts";
import { reinstallCompletion } from "@/lib/servers/switch-to-kvm.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";

export const POST = providerRoute({ body: completeBody }, async ({ host, params, body }) => {
  const actionId = params.id ?? "";
  const onSuccess = body.status === "success" ? await reinstallCompletion(actionId) : undefined;
  return json({ action: await completeAction({ hostId: host.id, actionId, ...body, onSuccess }) });
});

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
