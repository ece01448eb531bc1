import type { HttpMethod } from "@/lib/contracts/route-contract.ts";
import { withApiSecurityHeaders } from "@/lib/http/security-headers.ts";
import { observeRequest, UNMATCHED_ROUTE } from "@/lib/observability/request-log.ts";
import { ApiError } from "./errors.ts";
import { errorResponse } from "./http.ts";

/**
 * The answer to a method a route does not take: 405 with the API's error body and an Allow header.
 * (Next.js answers such requests itself, with an empty body.) A route exports it under each method it refuses.
 */
export function methodNotAllowed(...allowed: HttpMethod[]) {
  const list = allowed.join(", ");
  return (request: Request): Promise<Response> =>
    observeRequest(request, UNMATCHED_ROUTE, async (notes) => {
      notes.errorCode = "method_not_allowed";
      const refusal = new ApiError("method_not_allowed", `This endpoint answers ${list} only.`, undefined, { Allow: list });
      return withApiSecurityHeaders(request, errorResponse(refusal, notes.requestId));
    });
}
