import { customerReadRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { ownServerViewRow } from "@/lib/servers/server-view-rows.ts";
import { toServerView } from "@/lib/servers/server-view.ts";

export const GET = customerReadRoute(customerRoutes.getServer, async ({ reader, params }) => ({
  status: 200,
  body: { server: toServerView(await ownServerViewRow(reader, params.id)) },
}));

const refused = methodNotAllowed("GET");
export { refused as POST, refused as PUT, refused as PATCH, refused as DELETE };
