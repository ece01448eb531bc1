import { db, Prisma } from "@/lib/db/client.ts";
import type { Server } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { ACTIVITY_AUDIT_KINDS, OWNER_CHANGED, toActivityEvent, type AuditRow } from "@/lib/audit/server-activity.ts";
import { ACTIVITY_PAGE_SIZE, encodeActivityCursor, type ActivityCursor, type ActivityPage } from "@/lib/contracts/activity.ts";
import { getServer } from "./get-server.ts";

export type ActivityPageRequest = { limit?: number; cursor?: ActivityCursor };

/** A page of what happened to the actor's server, newest first. Someone else's server is not found. */
export async function listServerActivity({ actor, serverId, ...page }: { actor: Actor; serverId: string } & ActivityPageRequest): Promise<ActivityPage> {
  return serverActivity({ server: await getServer({ actor, serverId }), ...page });
}

/**
 * A page of a server's activity, for a caller that has checked who may see it (getServer). Pages go
 * by position, (created_at, id) after the cursor's, along the index on (server_id, created_at, id):
 * each costs the same however far back it is, and events written meanwhile neither repeat nor skip one.
 */
export async function serverActivity({
  server,
  limit = ACTIVITY_PAGE_SIZE.default,
  cursor,
}: { server: Pick<Server, "id" | "ownerId"> } & ActivityPageRequest): Promise<ActivityPage> {
  const rows = await db().$queryRaw<AuditRow[]>`
    WITH since AS (
      -- The server's latest transfer: what happened before it is its former owner's. One step along
      -- the index of transfers alone (audit_events_server_moves_idx), however long the history.
      SELECT created_at, id FROM audit_events
      WHERE server_id = ${server.id}::uuid AND kind = ${OWNER_CHANGED}
      ORDER BY created_at DESC, id DESC
      LIMIT 1
    )
    SELECT e.id::text AS id, e.kind, e.data, e.created_at AS "createdAt", e.actor_id::text AS "actorId", u.role::text AS "actorRole"
    FROM audit_events e
    LEFT JOIN users u ON u.id = e.actor_id
    WHERE e.server_id = ${server.id}::uuid
      AND e.kind = ANY(${ACTIVITY_AUDIT_KINDS}::text[])
      AND NOT EXISTS (SELECT 1 FROM since WHERE (e.created_at, e.id) < (since.created_at, since.id))
      ${cursor ? Prisma.sql`AND (e.created_at, e.id) < (${cursor.at}::timestamptz, ${cursor.id.toString()}::bigint)` : Prisma.empty}
    ORDER BY e.created_at DESC, e.id DESC
    LIMIT ${limit + 1}::int`;
  // One row more than the page says whether there is a page after it.
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.flatMap((row) => toActivityEvent(row, server.ownerId) ?? []),
    nextCursor: rows.length > limit && last ? encodeActivityCursor({ at: last.createdAt, id: BigInt(last.id) }) : null,
  };
}
