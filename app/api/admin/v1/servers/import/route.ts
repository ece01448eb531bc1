import { adminRoute } from "@/lib/api/admin-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { adminRoutes } from "@/lib/contracts/admin-routes.ts";
import { importServers } from "@/lib/operators/servers.ts";

export const POST = adminRoute(adminRoutes.adminImportServers, async ({ operator, body }) => ({
  status: 200,
  body: await importServers({ ...body, operatorId: operator.userId }),
}));

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
