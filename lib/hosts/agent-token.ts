import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db/client.ts";

// Host agent tokens: `vpsa_<random>`, one per host, stored as SHA-256 only. Issuing a new token
// replaces the old one (rotation).

const PREFIX = "vpsa_";

export const hashAgentToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function looksLikeAgentToken(token: string): boolean {
  return token.startsWith(PREFIX);
}

/** A new token and the hash to store; the token itself is shown once and kept nowhere. */
export function newAgentToken(): { token: string; hash: string } {
  const token = PREFIX + randomBytes(32).toString("base64url");
  return { token, hash: hashAgentToken(token) };
}

export async function issueAgentToken(hostName: string): Promise<string> {
  const { token, hash } = newAgentToken();
  await db().host.update({ where: { name: hostName }, data: { agentTokenHash: hash } });
  return token;
}

export async function hostForAgentToken(token: string) {
  if (!looksLikeAgentToken(token)) return null;
  return db().host.findUnique({ where: { agentTokenHash: hashAgentToken(token) } });
}
