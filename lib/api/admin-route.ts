import type { RouteContract } from "@/lib/contracts/route-contract.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import type { RequestActor } from "@/lib/observability/request-log.ts";
import { contractRoute, type RouteHandler, type RouteInput } from "./contract-route.ts";
import { authenticateOperator } from "./operator-auth.ts";
import { BODY_LIMITS } from "./request-body.ts";

// The wrapper of every admin API route: the caller must hold an operator's API token
// (lib/api/operator-auth.ts says who else gets what).

type AdminInput<R extends RouteContract> = Omit<RouteInput<R, Actor>, "caller"> & { operator: Actor };

export function adminRoute<R extends RouteContract>(route: R, handler: RouteHandler<R, AdminInput<R>>) {
  return contractRoute(route, { authenticate: authenticateOperator, identify: operatorOf, bodyLimit: BODY_LIMITS.admin }, ({ caller, ...input }) =>
    handler({ operator: caller, ...input }),
  );
}

const operatorOf = (operator: Actor): RequestActor => ({ actor: "operator", userId: operator.userId });
