import { adminRoute } from "@/lib/api/admin-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { signInLinkAt } from "@/lib/api/public-url.ts";
import { adminRoutes } from "@/lib/contracts/admin-routes.ts";
import { renewSignInLink } from "@/lib/operators/customers.ts";

export const POST = adminRoute(adminRoutes.adminNewSignInLink, async ({ operator, params, body, request }) => {
  const { account, link } = await renewSignInLink({ account: { id: params.id }, role: "customer", linkValidHours: body.linkValidHours, operatorId: operator.userId });
  return { status: 201, body: { customer: account, signInLink: signInLinkAt(request, link) } };
});

const refused = methodNotAllowed("POST");
export { refused as GET, refused as PUT, refused as PATCH, refused as DELETE };
