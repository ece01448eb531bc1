import { handleAuthRequest } from "@/lib/auth/auth-handler.ts";

export { handleAuthRequest as GET, handleAuthRequest as POST };
