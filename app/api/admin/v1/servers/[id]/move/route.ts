import { adminRoute } from "@/lib/api/admin-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { adminRoutes } from "@/lib/contracts/admin-routes.ts";
import { moveServer } from "@/lib/operators/servers.ts";

export const POST = adminRoute(adminRoutes.adminMoveServer, async ({ operator, params, body }) => ({
  status: 200,
  body: { server: await moveServer({ serverId: params.id, owner: body.owner, operatorId: operator.userId }) },
}));

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
