import { signInLinkPath } from "@/lib/auth/sign-in-links.ts";
import { servedOverHttps } from "@/lib/http/security-headers.ts";

// The dashboard's address as its users reach it, for links the API hands out (a sign-in link):
// NEXTAUTH_URL when set, as in production; else the address the request was sent to, read as the
// same-origin check (lib/auth/actor.ts) and the security headers read it behind a proxy.

export function publicBaseUrl(request: Request): string {
  const configured = process.env.NEXTAUTH_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  return `${servedOverHttps(request) ? "https" : "http"}://${host}`;
}

/** A sign-in link as the admin API answers it: the page's full URL, and until when it works. */
export function signInLinkAt(request: Request, link: { token: string; expiresAt: Date }) {
  return { url: new URL(signInLinkPath(link.token), publicBaseUrl(request)).toString(), expiresAt: link.expiresAt.toISOString() };
}
