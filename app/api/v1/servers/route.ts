import { customerReadRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { ownServerViewRows } from "@/lib/servers/server-view-rows.ts";
import { toServerView } from "@/lib/servers/server-view.ts";

export const GET = customerReadRoute(customerRoutes.listServers, async ({ reader }) => ({
  status: 200,
  body: { servers: (await ownServerViewRows(reader)).map(toServerView) },
}));

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
