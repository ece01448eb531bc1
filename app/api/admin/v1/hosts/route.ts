import { adminRoute } from "@/lib/api/admin-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { adminRoutes } from "@/lib/contracts/admin-routes.ts";
import { addHost, listHosts } from "@/lib/operators/hosts.ts";

export const GET = adminRoute(adminRoutes.adminListHosts, async () => ({ status: 200, body: { hosts: await listHosts() } }));

export const POST = adminRoute(adminRoutes.adminCreateHost, async ({ operator, body }) => ({
  status: 201,
  body: await addHost({ ...body, operatorId: operator.userId }),
}));

const refused = methodNotAllowed("GET", "POST");
export { refused as PUT, refused as PATCH, refused as DELETE };
