import { db } from "@/lib/db/client.ts";

// What the metrics read from the database at each scrape, the same whichever instance is asked: two
// aggregate queries, whatever the number of servers. Ages are taken on the database's clock, as
// leases are, so that instances whose clocks differ agree.

export type ActionGroup = {
  command: string;
  status: string;
  errorCode: string | null;
  count: number;
  /** Seconds since the group's oldest action was created. */
  oldestSeconds: number;
};

export type HostSilence = { name: string; reportAgeSeconds: number | null };

export async function readFleetFigures(): Promise<{ actions: ActionGroup[]; hosts: HostSilence[] }> {
  const [actions, hosts] = await Promise.all([
    db().$queryRaw<ActionGroup[]>`
      SELECT command::text AS command, status::text AS status, error_code AS "errorCode", count(*)::float8 AS count,
             extract(epoch FROM now() - min(created_at))::float8 AS "oldestSeconds"
      FROM actions
      GROUP BY command, status, error_code`,
    db().$queryRaw<HostSilence[]>`
      SELECT name, extract(epoch FROM now() - last_seen_at)::float8 AS "reportAgeSeconds" FROM hosts`,
  ]);
  return { actions, hosts };
}
