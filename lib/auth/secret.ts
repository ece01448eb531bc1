/**
 * The key that signs session tokens. `npm start` generates one and keeps it in .data/ when
 * NEXTAUTH_SECRET is unset; a production deployment must set it (see README).
 */
export function sessionSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set. Start the dashboard with `npm start` or set it.");
  return secret;
}

/**
 * Whether session cookies are Secure and `__Secure-` prefixed: the site is served over HTTPS. One
 * rule for next-auth (which sets the cookie) and the API (which reads it), next-auth's own:
 * NEXTAUTH_URL when it is set; otherwise, where the host is trusted (AUTH_TRUST_HOST, which `npm start`
 * sets without NEXTAUTH_URL), the scheme the proxy in front reports in X-Forwarded-Proto.
 * (Strict-Transport-Security goes by any sign of HTTPS instead: lib/http/security-headers.ts.)
 */
export function secureSessionCookies(headers: { get(name: string): string | null }): boolean {
  const configured = process.env.NEXTAUTH_URL;
  if (configured) return configured.startsWith("https://");
  if (!process.env.AUTH_TRUST_HOST) return false;
  return headers.get("x-forwarded-proto") !== "http";
}

/** next-auth's session cookie name for a site served over HTTPS or not. */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}
