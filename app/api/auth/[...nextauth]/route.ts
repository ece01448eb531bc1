import { NextRequest } from "next/server";
import { BODY_LIMITS, readBodyText } from "@/lib/api/request-body.ts";
import { errorResponse } from "@/lib/api/http.ts";
import { handleAuthRequest } from "@/lib/auth/auth-handler.ts";
import { AUTH_POLICY, withApiSecurityHeaders } from "@/lib/http/security-headers.ts";

type Context = { params: Promise<{ nextauth: string[] }> };

async function answer(request: NextRequest, context: Context) {
  return withApiSecurityHeaders(request, await handleAuthRequest(request, context), AUTH_POLICY);
}

// next-auth reads a POST's whole body with request.text(), however large: it gets a copy read here
// no further than the sign-in limit, and anything larger is refused before it is read whole.
async function post(request: NextRequest, context: Context) {
  let body: string;
  try {
    body = await readBodyText(request, BODY_LIMITS.auth);
  } catch (failure) {
    return withApiSecurityHeaders(request, errorResponse(failure));
  }
  return answer(new NextRequest(request.url, { method: "POST", headers: request.headers, body }), context);
}

export { answer as GET, post as POST };
