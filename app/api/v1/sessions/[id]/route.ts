import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { endSession } from "@/lib/auth/end-session.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";

export const DELETE = customerRoute(customerRoutes.endSession, async ({ actor, params }) => ({
  status: 200,
  body: await endSession({ actor, sessionId: params.id }),
}));

const refused = methodNotAllowed("DELETE");
export { refused as GET, refused as POST, refused as PUT, refused as PATCH };
