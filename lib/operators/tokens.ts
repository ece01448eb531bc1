import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import { findAccount } from "./customers.ts";

// An operator's API token: what the admin API takes (`Authorization: Bearer`). Answered once; only
// its SHA-256 is kept (lib/auth/api-tokens.ts).

const DAY_MS = 24 * 60 * 60_000;

export async function createOperatorToken({ email, name, expiresInDays, now = new Date() }: { email: string; name: string; expiresInDays?: number; now?: Date }) {
  const operator = await findAccount(db(), { email }, "operator");
  const expiresAt = expiresInDays === undefined ? null : new Date(now.getTime() + expiresInDays * DAY_MS);
  const { token, id } = await createApiToken({ userId: operator.id, name, expiresAt: expiresAt ?? undefined });
  return { id, token, name, operator: operator.email, expiresAt: expiresAt?.toISOString() ?? null };
}
