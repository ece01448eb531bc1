import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { setAccountLocale } from "@/lib/auth/account-locale.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";

export const PUT = customerRoute(customerRoutes.setLocale, async ({ actor, body }) => ({
  status: 200,
  body: await setAccountLocale({ actor, ...body }),
}));

const refused = methodNotAllowed("PUT");
export { refused as GET, refused as POST, refused as PATCH, refused as DELETE };
