import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { reinstallServer } from "@/lib/servers/reinstall-server.ts";

export const POST = customerRoute(customerRoutes.reinstallServer, async ({ actor, params, body }) => ({
  status: 202,
  // A generated root password is answered this once (never stored); the answer is not cached (no-store).
  body: await reinstallServer({ actor, serverId: params.id, image: body.image, confirmName: body.confirmName, login: body.login }),
}));

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
