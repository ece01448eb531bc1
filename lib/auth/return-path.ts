/**
 * Where to send someone after sign-in: a path on this site, or the servers list. Browsers read
 * `/\evil.example` and `/<TAB>/evil.example` as `//evil.example`, another site, so a prefix check
 * is not enough: the value is resolved as the browser would resolve it, against this site's
 * origin, and kept only if it stays on that origin.
 */
export function safeReturnPath(value: string | string[] | undefined, fallback = "/servers"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  const origin = "http://dashboard.invalid";
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : fallback;
}
