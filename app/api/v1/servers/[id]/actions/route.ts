import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { listActions } from "@/lib/actions/list-actions.ts";

export const GET = customerRoute(customerRoutes.listActions, async ({ actor, params }) => ({
  status: 200,
  body: { actions: await listActions({ actor, serverId: params.id }) },
}));

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
