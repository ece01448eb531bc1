import { LRUCache } from "lru-cache";
import { decode, type JWT } from "next-auth/jwt";
import type { ApiTokenScope, Role } from "@/lib/db/generated/enums.ts";
import { db } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { isUuid } from "@/lib/ids.ts";
import { apiTokenGrant } from "./api-tokens.ts";
import { bearerToken } from "./bearer-token.ts";
import { secureSessionCookies, sessionCookieName, sessionSecret } from "./secret.ts";
import { activeSessionUser } from "./sessions.ts";

/**
 * Who is calling the customer API, and how they proved it: a browser by its server-side session, a
 * script by an API token, with what that token may do (its scope).
 */
export type Actor = { userId: string; role: Role; via: "session"; sessionId?: string } | ApiTokenActor;

export type ApiTokenActor = { userId: string; role: Role; via: "api_token"; scope: ApiTokenScope };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Authenticates a customer API request by its bearer token or next-auth session cookie. */
export async function actorFromRequest(request: Request): Promise<Actor> {
  const caller = await callerFromRequest(request);
  if ("actor" in caller) return caller.actor;
  // The cookie counts only while its server-side session does: signed out means signed out.
  const user = await activeSessionUser(caller.claim.sessionId, caller.claim.userId);
  if (!user) throw unauthorized();
  return { userId: user.id, role: user.role, via: "session", sessionId: caller.claim.sessionId };
}

/**
 * A browser session as its cookie names it (the cookie decoded and its signature checked), before the
 * database was asked whether the session still counts. Only a caller that asks it (activeSessionUser,
 * or a read's own statement: lib/auth/reader.ts) may act on it.
 */
export type SessionClaim = { userId: string; sessionId: string };

/**
 * The request's caller: an API token's owner, already looked up, or a session cookie's claim. Either
 * way the request is refused here when it carries neither, a cookie's state-changing request when
 * it comes from another site, and a read-only token's state-changing request. Every customer route
 * authenticates through here, so no route that changes something can forget a token's scope.
 */
export async function callerFromRequest(request: Request): Promise<{ actor: Actor } | { claim: SessionClaim }> {
  const { sent, token } = bearerToken(request);
  if (sent) {
    if (!token) throw unauthorized();
    const actor = await apiTokenActor(token);
    if (!actor) throw unauthorized();
    if (!SAFE_METHODS.has(request.method) && actor.scope === "read") throw tokenReadOnly();
    return { actor };
  }

  const jwt = await sessionJwt(request);
  // A session id that is not one would fail the database's uuid cast: refused here instead.
  if (!jwt || typeof jwt.uid !== "string" || typeof jwt.sid !== "string" || !isUuid(jwt.uid) || !isUuid(jwt.sid)) throw unauthorized();
  if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request);
  return { claim: { userId: jwt.uid, sessionId: jwt.sid } };
}

/** The owner of a personal API token, with their role and the token's scope; null for a token that is not one, or no longer. */
export async function apiTokenActor(token: string): Promise<ApiTokenActor | null> {
  const grant = await apiTokenGrant(token);
  if (!grant) return null;
  // Looked up on every request, so a deleted account loses access at once.
  const user = await db().user.findUnique({ where: { id: grant.userId }, select: { role: true } });
  return user ? { userId: grant.userId, role: user.role, via: "api_token", scope: grant.scope } : null;
}

/**
 * Whose browser session the request carries, while that session counts; null otherwise. The origin
 * is not checked here: for a caller that refuses sessions whatever they ask (the admin API).
 */
export async function sessionActor(request: Request): Promise<Actor | null> {
  const jwt = await sessionJwt(request);
  const user = jwt ? await activeSessionUser(jwt.sid, jwt.uid) : null;
  return user && jwt ? { userId: user.id, role: user.role, via: "session", sessionId: jwt.sid } : null;
}

/**
 * Session cookies this process decoded lately. Decoding derives the key from the secret (HKDF) and
 * decrypts, on every request of every poll; the answer for one cookie never changes, so it is kept a
 * minute (never past the cookie's own expiry). Whether the session still counts is asked of the
 * database every time regardless (activeSessionUser), so signing out takes effect at once.
 */
const decodedCookies = new LRUCache<string, JWT>({ max: 10_000, ttl: 60_000 });

async function sessionJwt(request: Request) {
  const sessionToken = readSessionCookie(request.headers.get("cookie") ?? "", sessionCookieName(secureSessionCookies(request.headers)));
  if (!sessionToken) return null;
  const secret = sessionSecret();
  // Keyed by the secret too: a cookie counts only under the secret it was made with.
  const key = `${secret}\n${sessionToken}`;
  const cached = decodedCookies.get(key);
  if (cached && !expired(cached)) return cached;
  const jwt = await decode({ token: sessionToken, secret }).catch(() => null);
  if (!jwt?.uid) return null;
  decodedCookies.set(key, jwt);
  return jwt;
}

const expired = (jwt: JWT) => typeof jwt.exp !== "number" || jwt.exp * 1000 <= Date.now();

function tokenReadOnly(): DomainError {
  return new DomainError("token_read_only", "This API token may only read. Nothing was changed: use a token with read and write access, or the dashboard.");
}

export function unauthorized(): DomainError {
  return new DomainError("unauthorized", "Sign in, or send a valid API token as `Authorization: Bearer <token>`.");
}

/** next-auth splits a large session cookie into `name.0`, `name.1`, …; this joins them again. */
export function readSessionCookie(cookieHeader: string, name: string): string | null {
  // Only our own cookies are decoded: other cookies on the domain may hold anything.
  const cookies = new Map<string, string>();
  for (const part of cookieHeader.split(";")) {
    const at = part.indexOf("=");
    const key = part.slice(0, at).trim();
    if (at > 0 && (key === name || key.startsWith(`${name}.`))) cookies.set(key, safeDecode(part.slice(at + 1).trim()));
  }
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`) ?? "");
  return chunks.length ? chunks.join("") : null;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// Cookies ride along on cross-site requests; a state-changing request must come from our own pages.
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!origin || !host || originHost(origin) !== host) {
    throw new DomainError("cross_site_request", "Cross-site request refused. Use the dashboard, or an API token.");
  }
}

/** The host of an Origin header; null for "null" and anything else that is not a URL. */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
