import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { changePassword } from "@/lib/auth/change-password.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";

export const POST = customerRoute(customerRoutes.changePassword, async ({ actor, body }) => ({
  status: 200,
  body: await changePassword({ actor, ...body }),
}));

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
