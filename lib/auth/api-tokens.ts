import { createHash, randomBytes } from "node:crypto";
import { db, type Prisma } from "@/lib/db/client.ts";
import type { ApiTokenScope } from "@/lib/db/generated/enums.ts";

// Personal API tokens: `vpsd_<random>`. The secret is shown once; only its SHA-256 is stored
// (a fast hash is right here: the secret has 256 bits of entropy, unlike a password).

const PREFIX = "vpsd_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

type NewApiToken = { userId: string; name: string; scope?: ApiTokenScope; expiresAt?: Date };

/**
 * A new token and its row; `tx` when the row must be written with something else. The scope is
 * read_write unless asked: what every token could do before tokens had scopes.
 */
export async function createApiToken({ userId, name, scope = "read_write", expiresAt }: NewApiToken, tx: Prisma.TransactionClient = db()) {
  const token = PREFIX + randomBytes(32).toString("base64url");
  const record = await tx.apiToken.create({
    data: { userId, name, scope, prefix: token.slice(0, PREFIX.length + 6), tokenHash: hashToken(token), expiresAt },
  });
  return { token, id: record.id, record };
}

/** What a token grants: its owner and scope; null when the token is unknown, revoked or expired. */
export async function apiTokenGrant(token: string, now = new Date()): Promise<{ userId: string; scope: ApiTokenScope } | null> {
  if (!token.startsWith(PREFIX)) return null;
  const record = await db().apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
  // Recording use is best effort: a failure here must not refuse an otherwise valid request.
  await db().apiToken.update({ where: { id: record.id }, data: { lastUsedAt: now } }).catch(() => undefined);
  return { userId: record.userId, scope: record.scope };
}

/** The user a token belongs to, or null when it is unknown, revoked or expired. */
export async function userIdForApiToken(token: string, now = new Date()): Promise<string | null> {
  return (await apiTokenGrant(token, now))?.userId ?? null;
}
