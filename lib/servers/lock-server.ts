import type { Prisma } from "@/lib/db/client.ts";
import { isUuid } from "@/lib/ids.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { canManageServer } from "@/lib/auth/permissions.ts";
import { serverNotFound } from "./get-server.ts";

/**
 * The server, row-locked for the rest of the transaction (SELECT … FOR UPDATE), if the actor may
 * manage it. Changes to one server are thereby decided one after another, never interleaved.
 */
export async function lockServerForActor(tx: Prisma.TransactionClient, actor: Actor, serverId: string) {
  if (!isUuid(serverId)) throw serverNotFound();
  await tx.$executeRaw`SELECT 1 FROM servers WHERE id = ${serverId}::uuid FOR UPDATE`;
  const server = await tx.server.findUnique({ where: { id: serverId } });
  if (!server || !canManageServer(actor, server)) throw serverNotFound();
  return server;
}

/** Interactive transactions here may wait on a row lock behind other requests for the same server. */
export const SERVER_TRANSACTION = { maxWait: 10_000, timeout: 20_000 } as const;
