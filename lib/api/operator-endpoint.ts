import { withApiSecurityHeaders } from "@/lib/http/security-headers.ts";
import { observeRequest } from "@/lib/observability/request-log.ts";
import { toApiError } from "./failures.ts";
import { errorResponse } from "./http.ts";
import { authenticateOperator } from "./operator-auth.ts";

// An endpoint for operators' tools (Prometheus's scrape), outside the API's contracts: only an
// operator's API token opens it, by the admin API's rule (lib/api/operator-auth.ts): a customer's
// credentials get 404, as for a path that does not exist. Logged and timed as every API request is.

export function operatorEndpoint(route: string, handler: (operator: { userId: string }) => Promise<Response>) {
  return (request: Request) =>
    observeRequest(request, route, async (notes) => {
      try {
        const operator = await authenticateOperator(request);
        notes.actor = { actor: "operator", userId: operator.userId };
        return withApiSecurityHeaders(request, await handler(operator));
      } catch (failure) {
        notes.errorCode = toApiError(failure).code;
        return withApiSecurityHeaders(request, errorResponse(failure, notes.requestId));
      }
    });
}
