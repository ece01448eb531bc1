import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { revokeAllSessions } from "@/lib/auth/sessions.ts";

// "Sign out everywhere": ends every browser session of the caller, this one included.
export const DELETE = customerRoute(customerRoutes.signOutEverywhere, async ({ actor }) => ({
  status: 200,
  body: { revoked: await revokeAllSessions({ userId: actor.userId }) },
}));

const refused = methodNotAllowed("DELETE");
export { refused as GET, refused as POST, refused as PUT, refused as PATCH };
