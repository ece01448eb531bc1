import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { HSTS, pagePolicy, servedOverHttps } from "@/lib/http/security-headers.ts";

// Every page gets a Content-Security-Policy with a script nonce of its own (Next.js reads it from
// the request's policy and puts it on the page's scripts) and, over HTTPS, Strict-Transport-Security.

export function proxy(request: NextRequest) {
  const https = servedOverHttps(request);
  const policy = pagePolicy(randomBytes(16).toString("base64"), https);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes and /metrics (Prometheus's) set their own headers, and Next's own
      // files under /_next/ (scripts, styles, the development server's live reload) need no policy.
      source: "/((?!api/|_next/|metrics$).*)",
      // Never a request with a body: for one, Next would read the whole body to hand it to proxy
      // (up to 10 MB kept, the rest read and dropped), and pages read no bodies. next.config.js
      // still keeps such answers from being framed.
      missing: [
        { type: "header", key: "content-length" },
        { type: "header", key: "transfer-encoding" },
      ],
    },
  ],
};
