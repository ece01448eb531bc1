import { Prisma } from "@/lib/db/client.ts";
import { queryPrepared } from "@/lib/db/prepared.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { isUuid } from "@/lib/ids.ts";
import { serverNotFound } from "./get-server.ts";
import type { ServerViewSource } from "./server-view.ts";

// What the customer API's two server reads need, and nothing more, as prepared statements (lib/db/
// prepared.ts): the server list and a server's page poll these every few seconds per open tab. A
// customer sees their own servers, the rule of canViewServer (lib/auth/permissions.ts), asked here in SQL.

const VIEW_COLUMNS = Prisma.sql`id, name, status, virtualization, memory_mib AS "memoryMiB", vcpus, image,
  ballooning_enabled AS "ballooningEnabled", observed_balloon AS "observedBalloon"`;

type ViewRow = ServerViewSource & Record<string, unknown>;

/** The actor's own servers, by name, as the list shows them. */
export function ownServerViewRows(actor: Actor): Promise<ViewRow[]> {
  return queryPrepared<ViewRow>("own-server-views", Prisma.sql`SELECT ${VIEW_COLUMNS} FROM servers WHERE owner_id = ${actor.userId}::uuid ORDER BY name, id`);
}

/** One of the actor's servers; "not found" for a malformed id, a missing server and someone else's alike. */
export async function ownServerViewRow(actor: Actor, serverId: string): Promise<ViewRow> {
  if (!isUuid(serverId)) throw serverNotFound();
  const [row] = await queryPrepared<ViewRow>(
    "own-server-view",
    Prisma.sql`SELECT ${VIEW_COLUMNS} FROM servers WHERE id = ${serverId}::uuid AND owner_id = ${actor.userId}::uuid`,
  );
  if (!row) throw serverNotFound();
  return row;
}
