/**
 * The key that signs session tokens. `npm start` generates one and keeps it in .data/ when
 * NEXTAUTH_SECRET is unset; a production deployment must set it (see README).
 */
export function sessionSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set. Start the dashboard with `npm start` or set it.");
  return secret;
}

/** next-auth's cookie name; the __Secure- prefix applies when the site is served over HTTPS. */
export function sessionCookieName(): string {
  const secure = process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}
