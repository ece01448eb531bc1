import { adminRoute } from "@/lib/api/admin-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { adminRoutes } from "@/lib/contracts/admin-routes.ts";
import { removeHost } from "@/lib/operators/hosts.ts";

export const DELETE = adminRoute(adminRoutes.adminDeleteHost, async ({ operator, params }) => ({
  status: 200,
  body: { host: await removeHost({ name: params.name, operatorId: operator.userId }) },
}));

const refused = methodNotAllowed("DELETE");
export { refused as GET, refused as POST, refused as PUT, refused as PATCH };
