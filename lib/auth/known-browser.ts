import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "./secret.ts";

// A browser an account has signed in from before carries a signed cookie that says so (OWASP's
// "device cookie"). Sign-in limits count its failures apart from strangers', so a stranger who
// exhausts an account's limit does not lock the owner out of their own browser. Only a signature
// is kept: the cookie names the account and a random id, signed with a key derived from the session secret.

export const KNOWN_BROWSER_COOKIE = "dashboard.known-browser";
export const KNOWN_BROWSER_MAX_AGE_S = 180 * 24 * 60 * 60;

const signature = (account: string, id: string) =>
  createHmac("sha256", createHmac("sha256", sessionSecret()).update("known-browser").digest()).update(`${account}\n${id}`).digest("base64url");

/** A new cookie value for `account` (its normalised email). */
export function knownBrowserCookie(account: string): string {
  const id = randomBytes(16).toString("base64url");
  return `${id}.${signature(account, id)}`;
}

/** The browser's id when the cookie is one this service signed for `account`; null otherwise. */
export function knownBrowserId(cookie: string | null | undefined, account: string): string | null {
  const [id, mac, ...rest] = (cookie ?? "").split(".");
  if (!id || !mac || rest.length > 0 || !/^[\w-]{22}$/.test(id)) return null;
  const expected = Buffer.from(signature(account, id));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
