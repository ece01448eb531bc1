import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options.ts";

// next-auth 4 reads the options per request, so the secret is resolved at run time, not at build.
function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
