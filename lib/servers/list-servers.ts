import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";

/** The actor's own servers, by name. */
export async function listServers({ actor }: { actor: Actor }) {
  return db().server.findMany({ where: { ownerId: actor.userId }, orderBy: [{ name: "asc" }, { id: "asc" }] });
}
