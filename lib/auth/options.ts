import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { isDatabaseUnavailable } from "@/lib/api/failures.ts";
import { sessionSecret } from "./secret.ts";
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
async function authorize(credentials: unknown) {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalidCredentials);
  let result: Awaited<ReturnType<typeof signInWithPassword>>;
  try {
    result = await signInWithPassword(parsed.data);
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new Error(SIGN_IN_ERRORS.unavailable);
    console.error(`[${randomUUID()}] sign-in failed:`, error);
    throw new Error(SIGN_IN_ERRORS.failed);
  }
  if (!result.ok) throw new Error(result.reason);
  return result.user;
}

/** `secureCookies`: the site is served over HTTPS (servedOverHttps), so the session cookie is `__Secure-`. */
export function authOptions({ secureCookies }: { secureCookies?: boolean } = {}): NextAuthOptions {
  return {
    secret: sessionSecret(),
    useSecureCookies: secureCookies,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
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
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.uid, role: token.role, name: token.name ?? "", email: token.email ?? "" };
        return session;
      },
    },
  };
}
