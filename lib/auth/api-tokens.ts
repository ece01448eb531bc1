import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db/client.ts";

// Personal API tokens: `vpsd_<random>`. The secret is shown once; only its SHA-256 is stored
// (a fast hash is right here: the secret has 256 bits of entropy, unlike a password).

const PREFIX = "vpsd_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken({ userId, name, expiresAt }: { userId: string; name: string; expiresAt?: Date }) {
  const token = PREFIX + randomBytes(32).toString("base64url");
  const record = await db().apiToken.create({
    data: { userId, name, prefix: token.slice(0, PREFIX.length + 6), tokenHash: hashToken(token), expiresAt },
  });
  return { token, id: record.id };
}

/** The user a token belongs to, or null when it is unknown, revoked or expired. */
export async function userIdForApiToken(token: string, now = new Date()): Promise<string | null> {
  if (!token.startsWith(PREFIX)) return null;
  const record = await db().apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  // Recording use is best effort: a failure here must not refuse an otherwise valid request.
  await db().apiToken.update({ where: { id: record.id }, data: { lastUsedAt: now } }).catch(() => undefined);
  return record.userId;
}
