import { Prisma } from "@/lib/db/client.ts";
import { queryPrepared } from "@/lib/db/prepared.ts";
import { readerCte, settleReader, type Reader, type ReaderColumns } from "@/lib/auth/reader.ts";
import { isUuid } from "@/lib/ids.ts";
import { serverNotFound } from "./get-server.ts";
import type { ServerViewSource } from "./server-view.ts";

// What the customer API's two server reads need, and nothing more, as prepared statements (lib/db/
// prepared.ts): the server list and a server's page poll these every few seconds per open tab. Each
// asks in the same statement whether the reader's session still counts (lib/auth/reader.ts), and
// shows a customer their own servers only, the rule of canViewServer (lib/auth/permissions.ts).

const VIEW_COLUMNS = Prisma.sql`v.id, v.name, v.status, v.virtualization, v.memory_mib AS "memoryMiB", v.vcpus, v.disk_gib AS "diskGiB", v.image,
  v.ballooning_enabled AS "ballooningEnabled", v.observed_balloon AS "observedBalloon"`;

/** A view's columns, null on the one row a reader without servers (or without this one) gets. */
type ViewRow = ReaderColumns & ({ [K in keyof ServerViewSource]: ServerViewSource[K] } | { [K in keyof ServerViewSource]: null });

/** The reader's own servers, by name, as the list shows them. */
export async function ownServerViewRows(reader: Reader): Promise<ServerViewSource[]> {
  const rows = await queryPrepared<ViewRow>(
    "own-server-views",
    Prisma.sql`
      WITH ${readerCte(reader)}
      SELECT reader.reader_role, reader.reader_last_seen, ${VIEW_COLUMNS}
      FROM reader LEFT JOIN servers v ON v.owner_id = ${reader.userId}::uuid
      ORDER BY v.name, v.id`,
  );
  await settleReader(reader, rows[0]);
  return rows.filter(isView);
}

/** One of the reader's servers; "not found" for a malformed id, a missing server and someone else's alike. */
export async function ownServerViewRow(reader: Reader, serverId: string): Promise<ServerViewSource> {
  // A malformed id names no server: asked as none, so the session is still asked first.
  const id = isUuid(serverId) ? serverId : null;
  const [row] = await queryPrepared<ViewRow>(
    "own-server-view",
    Prisma.sql`
      WITH ${readerCte(reader)}
      SELECT reader.reader_role, reader.reader_last_seen, ${VIEW_COLUMNS}
      FROM reader LEFT JOIN servers v ON v.id = ${id}::uuid AND v.owner_id = ${reader.userId}::uuid`,
  );
  await settleReader(reader, row);
  if (!row || !isView(row)) throw serverNotFound();
  return row;
}

const isView = (row: ViewRow): row is ReaderColumns & ServerViewSource => row.id !== null;
