import { db } from "@/lib/db/client.ts";
import { userIdForApiToken } from "./api-tokens.ts";

/**
 * The operator whose API token the request carries (`Authorization: Bearer <token>`); null without
 * one, for an unknown, revoked or expired token, and for a customer's. Operators' tools (Prometheus)
 * authenticate this way; a session cookie never counts here.
 */
export async function operatorForBearer(request: Request): Promise<{ userId: string } | null> {
  const [scheme, token] = (request.headers.get("authorization") ?? "").split(" ");
  if (scheme?.toLowerCase() !== "bearer" || !token) return null;
  const userId = await userIdForApiToken(token);
  if (!userId) return null;
  const user = await db().user.findUnique({ where: { id: userId }, select: { role: true } });
  return user?.role === "operator" ? { userId } : null;
}
