import type { Role } from "@/lib/db/generated/enums.ts";

// The session carries the user's id, role and server-side session, typed, so no caller has to cast.
declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; name: string; email: string };
    /** The server-side session the cookie names (lib/auth/sessions.ts). */
    sessionId?: string;
  }
  interface User {
    id: string;
    role: Role;
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    role: Role;
    /** The server-side session this cookie belongs to. */
    sid?: string;
  }
}
