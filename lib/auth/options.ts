import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/api/failures.ts";
import { clientIp } from "./client-ip.ts";
import { sessionSecret } from "./secret.ts";
import { createSession, revokeSession, SESSION_TTL_MS } from "./sessions.ts";
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

/**
 * Checks credentials for next-auth. Every failure becomes one of SIGN_IN_ERRORS: an outage says the
 * service is unavailable, anything unexpected is logged under a request id and says only that
 * signing in failed. Nothing of the database or the code reaches the browser.
 */
async function authorize(credentials: unknown, request: { headers?: Record<string, string | string[] | undefined> }) {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalidCredentials);
  const header = (name: string) => {
    const value = request.headers?.[name];
    return Array.isArray(value) ? value.join(",") : (value ?? null);
  };
  let result: Awaited<ReturnType<typeof signInWithPassword>>;
  let sessionId: string;
  try {
    result = await signInWithPassword(parsed.data);
    if (!result.ok) throw new Error(result.reason);
    sessionId = await createSession({ userId: result.user.id, userAgent: header("user-agent"), ip: clientIp(header("x-forwarded-for")) });
  } catch (error) {
    if (error instanceof Error && Object.values<string>(SIGN_IN_ERRORS).includes(error.message)) throw error;
    if (isDatabaseUnavailable(error)) throw new Error(SIGN_IN_ERRORS.unavailable);
    console.error(`[${randomUUID()}] sign-in failed:`, error);
    throw new Error(SIGN_IN_ERRORS.failed);
  }
  return { ...result.user, sessionId };
}

/** `secureCookies`: the site is served over HTTPS (servedOverHttps), so the session cookie is `__Secure-`. */
export function authOptions({ secureCookies }: { secureCookies?: boolean } = {}): NextAuthOptions {
  return {
    secret: sessionSecret(),
    useSecureCookies: secureCookies,
    // The cookie is a JWT naming a server-side session (lib/auth/sessions.ts), which can be revoked.
    session: { strategy: "jwt", maxAge: SESSION_TTL_MS / 1000 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize,
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
          token.sid = user.sessionId;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.uid, role: token.role, name: token.name ?? "", email: token.email ?? "" };
        session.sessionId = token.sid;
        return session;
      },
    },
    events: {
      // Signing out ends the session on the server too: a copy of the cookie no longer counts.
      async signOut({ token }) {
        if (token.sid) await revokeSession(token.sid);
      },
    },
  };
}
