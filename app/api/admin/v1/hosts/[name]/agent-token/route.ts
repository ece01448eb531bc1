import { adminRoute } from "@/lib/api/admin-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { adminRoutes } from "@/lib/contracts/admin-routes.ts";
import { rotateAgentToken } from "@/lib/operators/hosts.ts";

export const POST = adminRoute(adminRoutes.adminRotateHostToken, async ({ operator, params }) => ({
  status: 200,
  body: await rotateAgentToken({ name: params.name, operatorId: operator.userId }),
}));

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
