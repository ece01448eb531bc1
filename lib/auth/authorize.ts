import { cookies } from "next/headers";
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/unavailable.ts";
import { appLog } from "@/lib/observability/logger.ts";
import { clientIp } from "./client-ip.ts";
import { KNOWN_BROWSER_COOKIE, KNOWN_BROWSER_MAX_AGE_S } from "./known-browser.ts";
import { secureSessionCookies } from "./secret.ts";
import { createSession } from "./sessions.ts";
import { signInWithPassword } from "./sign-in.ts";

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
  password: z.string().min(1).max(1024).refine((value) => !value.includes("\u0000")),
});

const knownBrowserCookieName = (secure: boolean) => `${secure ? "__Secure-" : ""}${KNOWN_BROWSER_COOKIE}`;

/**
 * Checks credentials for next-auth. Every failure becomes one of SIGN_IN_ERRORS: an outage says the
 * service is unavailable, anything unexpected is logged under a request id and says only that
 * signing in failed. Nothing of the database or the code reaches the browser.
 */
export async function authorize(credentials: unknown, request: { headers?: Record<string, string | string[] | undefined> }) {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalidCredentials);
  const header = (name: string) => {
    const value = request.headers?.[name];
    return Array.isArray(value) ? value.join(",") : (value ?? null);
  };
  const secure = secureSessionCookies({ get: header });
  const ip = clientIp(header("x-forwarded-for"));
  let result: Awaited<ReturnType<typeof signInWithPassword>>;
  let sessionId: string;
  try {
    // next-auth runs inside the route handler's request: its cookies are Next's to read and to set.
    const jar = await cookies();
    result = await signInWithPassword({ ...parsed.data, ip, knownBrowser: jar.get(knownBrowserCookieName(secure))?.value });
    if (!result.ok) throw new Error(result.reason);
    sessionId = await createSession({ userId: result.user.id, userAgent: header("user-agent"), ip });
    jar.set(knownBrowserCookieName(secure), result.knownBrowser, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: KNOWN_BROWSER_MAX_AGE_S,
    });
  } catch (error) {
    if (error instanceof Error && Object.values<string>(SIGN_IN_ERRORS).includes(error.message)) throw error;
    if (isDatabaseUnavailable(error)) throw new Error(SIGN_IN_ERRORS.unavailable);
    // The error only: never what was typed (the password), which stays out of every log line.
    appLog().error({ err: error }, "sign-in failed");
    throw new Error(SIGN_IN_ERRORS.failed);
  }
  return { ...result.user, sessionId };
}
