// The security headers that depend on the request: the Content-Security-Policy (pages get a fresh
// script nonce each) and Strict-Transport-Security (only over HTTPS). proxy.ts adds them to pages,
// the API's route wrappers to API answers. The headers that are the same on every answer (nosniff,
// Referrer-Policy, Permissions-Policy, X-Frame-Options) are in next.config.js, for static files too.

export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * A page's policy. Next.js puts the nonce on its own scripts (it reads it from the request's
 * policy). `npm run dev` needs more: React's dev build uses eval, and Next injects <style> elements.
 */
export function pagePolicy(nonce: string, https: boolean, development = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonce'd scripts load the app's chunks; 'self' serves old browsers.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Stylesheets only from the app (Tailwind's and uPlot's); no <style> element anywhere.
    development ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    // Style attributes in server-rendered HTML: run-time widths and colours (the memory bars, the
    // progress bar, the chart's markers). uPlot and React after hydration set styles through the
    // CSSOM, which a policy does not govern.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** An API answer (JSON) loads nothing, and may not be framed. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** next-auth's own HTML pages (its error page, the sign-out question) style themselves inline and post to itself. */
export const AUTH_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Whether the browser reached us over HTTPS: directly, through a proxy that says so in
 * X-Forwarded-Proto, or as the public URL NEXTAUTH_URL names. A false X-Forwarded-Proto over plain
 * HTTP gains nothing: browsers ignore Strict-Transport-Security there.
 */
export function servedOverHttps(request: Request): boolean {
  if (new URL(request.url).protocol === "https:") return true;
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded === "https" || (process.env.NEXTAUTH_URL?.startsWith("https://") ?? false);
}

/** The answer with an API policy and, over HTTPS, Strict-Transport-Security. */
export function withApiSecurityHeaders(request: Request, response: Response, policy: string = API_POLICY): Response {
  try {
    setSecurityHeaders(response.headers, request, policy);
    return response;
  } catch {
    // Some answers (Response.redirect, say) have immutable headers: those get them on a copy.
    const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: new Headers(response.headers) });
    setSecurityHeaders(copy.headers, request, policy);
    return copy;
  }
}

function setSecurityHeaders(headers: Headers, request: Request, policy: string): void {
  headers.set("Content-Security-Policy", policy);
  if (servedOverHttps(request)) headers.set("Strict-Transport-Security", HSTS);
}
