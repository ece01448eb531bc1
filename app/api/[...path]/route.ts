import { ApiError } from "@/lib/api/errors.ts";
import { errorResponse } from "@/lib/api/http.ts";
import { withApiSecurityHeaders } from "@/lib/http/security-headers.ts";
import { observeRequest, UNMATCHED_ROUTE } from "@/lib/observability/request-log.ts";

// Any API path no route claims answers with the API's error body rather than an HTML page.
const unknownEndpoint = (request: Request) =>
  observeRequest(request, UNMATCHED_ROUTE, async (notes) => {
    notes.errorCode = "not_found";
    return withApiSecurityHeaders(request, errorResponse(new ApiError("not_found", "No such API endpoint"), notes.requestId));
  });

export { unknownEndpoint as GET, unknownEndpoint as POST, unknownEndpoint as PUT, unknownEndpoint as PATCH, unknownEndpoint as DELETE };
