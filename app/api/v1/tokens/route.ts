import { customerRoute } from "@/lib/api/customer-route.ts";
import { methodNotAllowed } from "@/lib/api/methods.ts";
import { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import { issueApiToken } from "@/lib/api-tokens/issue-api-token.ts";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens.ts";

export const GET = customerRoute(customerRoutes.listApiTokens, async ({ actor }) => ({
  status: 200,
  body: { tokens: await listApiTokens({ actor }) },
}));

export const POST = customerRoute(customerRoutes.createApiToken, async ({ actor, body }) => ({
  status: 201,
  body: await issueApiToken({ actor, name: body.name, scope: body.scope, expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined }),
}));

const refused = methodNotAllowed("GET", "POST");
export { refused as PUT, refused as PATCH, refused as DELETE };
