/**
 * The address a request came from, as the nearest proxy saw it: the last X-Forwarded-For entry.
 * Next.js sets that header from the socket when nothing in front did; a reverse proxy in front must
 * append to it (nginx: `$proxy_add_x_forwarded_for`), so the last entry is the one it wrote.
 * Entries before it come from the client and prove nothing.
 */
export function clientIp(forwardedFor: string | string[] | null | undefined): string | null {
  const value = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  const last = value?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 64) : null;
}
