import { adminRoute } from "@/lib/api/admin-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { signInLinkAt } from "@/lib/api/public-url.ts";
import { adminRoutes } from "@/lib/contracts/admin-routes.ts";
import { addAccount, listAccounts } from "@/lib/operators/customers.ts";

export const GET = adminRoute(adminRoutes.adminListCustomers, async () => ({ status: 200, body: { customers: await listAccounts({ role: "customer" }) } }));

export const POST = adminRoute(adminRoutes.adminCreateCustomer, async ({ operator, body, request }) => {
  const { account, link } = await addAccount({ email: body.email, name: body.name, role: "customer", linkValidHours: body.linkValidHours, operatorId: operator.userId });
  return { status: 201, body: { customer: account, signInLink: signInLinkAt(request, link) } };
});

const refused = methodNotAllowed("GET", "POST");
export { refused as PUT, refused as PATCH, refused as DELETE };
