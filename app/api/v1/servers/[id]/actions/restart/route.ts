import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { restartServer } from "@/lib/servers/restart-server.ts";

export const POST = customerRoute(customerRoutes.restartServer, async ({ actor, params, body }) => ({
  status: 202,
  body: { action: await restartServer({ actor, serverId: params.id, mode: body.mode }) },
}));

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
