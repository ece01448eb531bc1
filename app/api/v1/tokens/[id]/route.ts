import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token.ts";

export const DELETE = customerRoute(customerRoutes.revokeApiToken, async ({ actor, params }) => ({
  status: 200,
  body: { token: await revokeApiToken({ actor, tokenId: params.id }) },
}));

const refused = methodNotAllowed("DELETE");
export { refused as GET, refused as POST, refused as PUT, refused as PATCH };
