import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { sessionSecret } from "./secret.ts";
import { signInWithPassword } from "./sign-in.ts";

// The message codes the sign-in form understands (components/auth/login-form.tsx).
export const SIGN_IN_ERRORS = {
  invalidCredentials: "invalid_credentials",
  tooManyAttempts: "too_many_attempts",
} as const;

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

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
        async authorize(credentials) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalidCredentials);
          const result = await signInWithPassword(parsed.data);
          if (!result.ok) throw new Error(result.reason);
          return result.user;
        },
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
