import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authorize, authorizeWithLink } from "./authorize.ts";
import { sessionSecret } from "./secret.ts";
import { revokeSession, SESSION_TTL_MS } from "./sessions.ts";

/** `secureCookies`: the site is served over HTTPS (secureSessionCookies), so the session cookie is `__Secure-`. */
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
      // A one-time link an operator sent (lib/auth/sign-in-links.ts): sets the password and signs in.
      CredentialsProvider({
        id: "sign-in-link",
        name: "Sign-in link",
        credentials: { token: { label: "Link", type: "text" }, password: { label: "New password", type: "password" } },
        authorize: authorizeWithLink,
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
