import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { getAction } from "@/lib/actions/get-action.ts";

export const GET = customerRoute(customerRoutes.getAction, async ({ actor, params }) => ({
  status: 200,
  body: { action: await getAction({ actor, actionId: params.id }) },
}));

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
