import { signInLinkPath } from "@/lib/auth/sign-in-links.ts";

// The dashboard's address as its users reach it, for links the API hands out (a sign-in link):
// NEXTAUTH_URL when set, as in production; else what the request was sent to, through a proxy's
// X-Forwarded-Proto and X-Forwarded-Host if there is one (the rule next-auth follows without it).

export function publicBaseUrl(request: Request): string {
  const configured = process.env.NEXTAUTH_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || url.host;
  return `${proto}://${host}`;
}

/** A sign-in link as the admin API answers it: the page's full URL, and until when it works. */
export function signInLinkAt(request: Request, link: { token: string; expiresAt: Date }) {
  return { url: new URL(signInLinkPath(link.token), publicBaseUrl(request)).toString(), expiresAt: link.expiresAt.toISOString() };
}
