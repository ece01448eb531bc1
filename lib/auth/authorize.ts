import { cookies } from "next/headers";
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/unavailable.ts";
import { appLog } from "@/lib/observability/logger.ts";
import { clientIp } from "./client-ip.ts";
import { PASSWORD_MAX_LENGTH, type PasswordProblem } from "./password-rules.ts";
import { KNOWN_BROWSER_COOKIE, KNOWN_BROWSER_MAX_AGE_S, knownBrowserCookie } from "./known-browser.ts";
import { secureSessionCookies } from "./secret.ts";
import { createSession } from "./sessions.ts";
import { accountKey, signInWithPassword, type SignedInUser } from "./sign-in.ts";
import { redeemSignInLink, type LinkRefusal } from "./sign-in-links.ts";

// The message codes the sign-in form understands (components/auth/login-form.tsx). next-auth puts
// whatever `authorize` throws into the error URL, so only these codes ever leave it.
export const SIGN_IN_ERRORS = {
  invalidCredentials: "invalid_credentials",
  tooManyAttempts: "too_many_attempts",
  unavailable: "unavailable",
  failed: "sign_in_failed",
} as const;

// Control characters (a NUL byte, say) are in no address or password: such input is wrong credentials.
const printable = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);
const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320).refine(printable),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH).refine((value) => !value.includes("\u0000")),
});

const knownBrowserCookieName = (secure: boolean) => `${secure ? "__Secure-" : ""}${KNOWN_BROWSER_COOKIE}`;

type Attempt = (browser: { ip: string | null; knownBrowser: string | undefined }) => Promise<{ ok: true; user: SignedInUser; knownBrowser: string } | { ok: false; reason: string }>;

/**
 * Checks credentials for next-auth. Every failure becomes one of SIGN_IN_ERRORS: an outage says the
 * service is unavailable, anything unexpected is logged under a request id and says only that
 * signing in failed. Nothing of the database or the code reaches the browser.
 */
export async function authorize(credentials: unknown, request: AuthRequest) {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalidCredentials);
  return signInThrough(request, (browser) => signInWithPassword({ ...parsed.data, ...browser }));
}

// A password of any length is taken here: the rules (password-rules.ts) say what is wrong with it.
const linkCredentialsSchema = z.object({ token: z.string().max(128), password: z.string() });

/**
 * Sets a password through a one-time sign-in link (lib/auth/sign-in-links.ts) and signs its owner
 * in. A refusal says why in one of LINK_SIGN_IN_ERRORS (used, expired, a password too short, …).
 * Guessing a link is pointless (256 random bits), so its attempts are not counted as passwords are.
 */
export async function authorizeWithLink(credentials: unknown, request: AuthRequest) {
  const parsed = linkCredentialsSchema.safeParse(credentials);
  if (!parsed.success) throw new Error("link_unknown" satisfies LinkRefusal);
  return signInThrough(request, async () => {
    const result = await redeemSignInLink(parsed.data);
    return result.ok ? { ...result, knownBrowser: knownBrowserCookie(accountKey(result.user.email)) } : result;
  });
}

/** The codes a failed sign-in through a link ends with, for the set-password form. */
export const LINK_SIGN_IN_ERRORS = ["link_used", "link_replaced", "link_expired", "link_unknown", "password_too_short", "password_too_long", "password_is_email"] as const satisfies readonly (
  | LinkRefusal
  | PasswordProblem
)[];

const PASSED_ON = new Set<string>([...Object.values(SIGN_IN_ERRORS), ...LINK_SIGN_IN_ERRORS]);

type AuthRequest = { headers?: Record<string, string | string[] | undefined> };

/** Runs a sign-in attempt; on success, the session and the known-browser cookie, as every sign-in ends. */
async function signInThrough(request: AuthRequest, attempt: Attempt) {
  const header = (name: string) => {
    const value = request.headers?.[name];
    return Array.isArray(value) ? value.join(",") : (value ?? null);
  };
  const secure = secureSessionCookies({ get: header });
  const ip = clientIp(header("x-forwarded-for"));
  let user: SignedInUser;
  let sessionId: string;
  try {
    // next-auth runs inside the route handler's request: its cookies are Next's to read and to set.
    const jar = await cookies();
    const result = await attempt({ ip, knownBrowser: jar.get(knownBrowserCookieName(secure))?.value });
    if (!result.ok) throw new Error(result.reason);
    user = result.user;
    sessionId = await createSession({ userId: result.user.id, userAgent: header("user-agent"), ip });
    jar.set(knownBrowserCookieName(secure), result.knownBrowser, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: KNOWN_BROWSER_MAX_AGE_S,
    });
  } catch (error) {
    if (error instanceof Error && PASSED_ON.has(error.message)) throw error;
    if (isDatabaseUnavailable(error)) throw new Error(SIGN_IN_ERRORS.unavailable);
    // The error only: never what was typed (the password), which stays out of every log line.
    appLog().error({ err: error }, "sign-in failed");
    throw new Error(SIGN_IN_ERRORS.failed);
  }
  return { ...user, sessionId };
}
