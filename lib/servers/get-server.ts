import { db } from "@/lib/db/client.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { isUuid } from "@/lib/ids.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { canViewServer } from "@/lib/auth/permissions.ts";

/**
 * The server with this id, if the actor may see it. A malformed id, a missing server and
 * someone else's server all answer the same "not found", so ids of other customers never leak.
 */
export async function getServer({ actor, serverId }: { actor: Actor; serverId: string }) {
  if (!isUuid(serverId)) throw serverNotFound();
  const server = await db().server.findUnique({ where: { id: serverId } });
  if (!server || !canViewServer(actor, server)) throw serverNotFound();
  return server;
}

export const serverNotFound = () => notFound("server_not_found");
