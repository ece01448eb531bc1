import type { RouteContract } from "@/lib/contracts/route-contract.ts";
import { apiTokenActor, sessionActor, type Actor } from "@/lib/auth/actor.ts";
import { hostForAgentToken } from "@/lib/hosts/agent-token.ts";
import { contractRoute, type RouteHandler, type RouteInput } from "./contract-route.ts";
import { ApiError } from "./errors.ts";
import { BODY_LIMITS } from "./request-body.ts";

// The wrapper of every admin API route: the caller must hold an operator's API token. A customer's
// credentials (token or session) are answered as an unknown endpoint is, so customers learn nothing
// of this API from using it; a host agent's token and a browser session are refused (403), and no
// credentials at all are asked for (401). Sessions are never taken: no cookie, no cross-site risk.

type AdminInput<R extends RouteContract> = Omit<RouteInput<R, Actor>, "caller"> & { operator: Actor };

export function adminRoute<R extends RouteContract>(route: R, handler: RouteHandler<R, AdminInput<R>>) {
  return contractRoute(route, { authenticate: authenticateOperator, bodyLimit: BODY_LIMITS.admin }, ({ caller, ...input }) =>
    handler({ operator: caller, ...input }),
  );
}

async function authenticateOperator(request: Request): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) throw unauthorized();
    const actor = await apiTokenActor(token);
    if (actor?.role === "operator") return actor;
    if (actor) throw hidden();
    if (await hostForAgentToken(token)) throw new ApiError("forbidden", "The admin API takes an operator's API token; a host agent's token cannot use it.");
    throw unauthorized();
  }
  const session = await sessionActor(request);
  if (session?.role === "customer") throw hidden();
  if (session) throw new ApiError("forbidden", "The admin API takes an operator's API token (`npm run ops -- token create`), not a browser session.");
  throw unauthorized();
}

const unauthorized = () => new ApiError("unauthorized", "Send an operator's API token as `Authorization: Bearer <token>`.");

/** Exactly what an API path no route claims answers (app/api/[...path]/route.ts). */
const hidden = () => new ApiError("not_found", "No such API endpoint");
