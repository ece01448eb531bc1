import type { Prisma } from "@/lib/db/client.ts";

// Agents wait for work with a long poll that LISTENs on this channel; a new action NOTIFYs it.
// Sent inside the transaction that writes the action, PostgreSQL delivers it only on commit.

export const ACTIONS_CHANNEL = "dashboard_actions";

export async function notifyHost(tx: Prisma.TransactionClient, hostId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${ACTIONS_CHANNEL}, ${hostId})`;
}
