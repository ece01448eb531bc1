import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { getServer } from "@/lib/servers/get-server.ts";
import { toServerView } from "@/lib/servers/server-view.ts";

export const GET = customerRoute(customerRoutes.getServer, async ({ actor, params }) => ({
  status: 200,
  body: { server: toServerView(await getServer({ actor, serverId: params.id })) },
}));

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
