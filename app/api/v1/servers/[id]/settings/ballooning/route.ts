import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { setBallooning } from "@/lib/servers/set-ballooning.ts";

export const PUT = customerRoute(customerRoutes.setBallooning, async ({ actor, params, body }) => {
  const result = await setBallooning({ actor, serverId: params.id, enabled: body.enabled, restart: body.restart });
  // 202: a restart was queued to apply the choice; 200: it was only recorded, or already applied.
  return result.action ? { status: 202, body: result } : { status: 200, body: result };
});

const refused = methodNotAllowed("PUT");
export { refused as GET, refused as POST, refused as PATCH, refused as DELETE };
