import type { Role } from "@/lib/db/generated/enums.ts";

// The session carries the user's id and role, typed, so no caller has to cast.
declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; name: string; email: string };
  }
  interface User {
    id: string;
    role: Role;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    role: Role;
  }
}
