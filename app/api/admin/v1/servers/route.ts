import { adminRoute } from "@/lib/api/admin-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { adminRoutes } from "@/lib/contracts/admin-routes.ts";
import { listAllServers } from "@/lib/operators/servers.ts";

export const GET = adminRoute(adminRoutes.adminListServers, async ({ query }) => ({ status: 200, body: { servers: await listAllServers(query) } }));

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
