import { actorFromRequest, type Actor } from "@/lib/auth/actor.ts";
import { operatorForBearer } from "@/lib/auth/operator-bearer.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { withApiSecurityHeaders } from "@/lib/http/security-headers.ts";
import { observeRequest } from "@/lib/observability/request-log.ts";
import { ApiError } from "./errors.ts";
import { toApiError } from "./failures.ts";
import { errorResponse } from "./http.ts";

// An endpoint for operators' tools (Prometheus's scrape), outside the API's contracts: only an
// operator's API token opens it. Without credentials it answers 401, as any endpoint does; to anyone
// else who proves who they are (a customer's token or session, an operator's browser session) it
// answers 404, as for a path that does not exist. Logged and timed as every API request is.

export function operatorEndpoint(route: string, handler: (operator: { userId: string }) => Promise<Response>) {
  return (request: Request) =>
    observeRequest(request, route, async (notes) => {
      try {
        const operator = await operatorForBearer(request);
        if (operator) {
          notes.actor = { actor: "operator", userId: operator.userId };
          return withApiSecurityHeaders(request, await handler(operator));
        }
        const someone = await signedIn(request);
        if (!someone) throw new ApiError("unauthorized", "Send an operator's API token as `Authorization: Bearer <token>`.");
        notes.actor = { actor: someone.role, userId: someone.userId };
        throw new ApiError("not_found", "No such endpoint");
      } catch (failure) {
        notes.errorCode = toApiError(failure).code;
        return withApiSecurityHeaders(request, errorResponse(failure, notes.requestId));
      }
    });
}

/** Whoever the request's token or session cookie names; null when it names no one. */
async function signedIn(request: Request): Promise<Actor | null> {
  try {
    return await actorFromRequest(request);
  } catch (failure) {
    if (failure instanceof DomainError && failure.code === "unauthorized") return null;
    throw failure;
  }
}
