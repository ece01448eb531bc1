import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { listServerActivity } from "@/lib/servers/list-server-activity.ts";

export const GET = customerRoute(customerRoutes.getActivity, async ({ actor, params, query }) => ({
  status: 200,
  body: await listServerActivity({ actor, serverId: params.id, limit: query.limit, cursor: query.cursor }),
}));

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
