import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { listSessions } from "@/lib/auth/list-sessions.ts";
import { revokeAllSessions } from "@/lib/auth/sessions.ts";

export const GET = customerRoute(customerRoutes.listSessions, async ({ actor }) => ({
  status: 200,
  body: { sessions: await listSessions({ actor }) },
}));

// "Sign out everywhere": ends every browser session of the caller, this one included.
export const DELETE = customerRoute(customerRoutes.signOutEverywhere, async ({ actor }) => ({
  status: 200,
  body: { revoked: await revokeAllSessions({ userId: actor.userId }) },
}));

const refused = methodNotAllowed("GET", "DELETE");
export { refused as POST, refused as PUT, refused as PATCH };
