import { NextRequest } from "next/server";
import { BODY_LIMITS, readBodyText } from "@/lib/api/request-body.ts";
import { toApiError } from "@/lib/api/failures.ts";
import { errorResponse } from "@/lib/api/http.ts";
import { handleAuthRequest } from "@/lib/auth/auth-handler.ts";
import { AUTH_POLICY, withApiSecurityHeaders } from "@/lib/http/security-headers.ts";
import { observeRequest } from "@/lib/observability/request-log.ts";

type Context = { params: Promise<{ nextauth: string[] }> };

/** The log's name for every next-auth path (sign-in, session, sign-out, …); its body is never logged. */
const ROUTE = "/api/auth/{nextauth}";

async function answer(request: NextRequest, context: Context) {
  return withApiSecurityHeaders(request, await handleAuthRequest(request, context), AUTH_POLICY);
}

const get = (request: NextRequest, context: Context) => observeRequest(request, ROUTE, () => answer(request, context));

// next-auth reads a POST's whole body with request.text(), however large: it gets a copy read here
// no further than the sign-in limit, and anything larger is refused before it is read whole.
const post = (request: NextRequest, context: Context) =>
  observeRequest(request, ROUTE, async (notes) => {
    let body: string;
    try {
      body = await readBodyText(request, BODY_LIMITS.auth);
    } catch (failure) {
      notes.errorCode = toApiError(failure).code;
      return withApiSecurityHeaders(request, errorResponse(failure, notes.requestId));
    }
    return answer(new NextRequest(request.url, { method: "POST", headers: request.headers, body }), context);
  });

export { get as GET, post as POST };
