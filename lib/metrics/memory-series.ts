import { db, Prisma } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { getServer } from "@/lib/servers/get-server.ts";
import { AUDIT_KINDS } from "@/lib/audit/audit-event.ts";
import type { MemoryEvent, MemoryPoint, MemorySeries } from "@/lib/contracts/metrics.ts";
import { toMemoryPoint } from "./memory-point.ts";
import { MEMORY_RANGE_SPANS, type MemoryRange } from "./memory-ranges.ts";

// A server's memory over a range, at most a few hundred points: the last hour from raw samples,
// longer ranges from five-minute roll-ups (plus the raw samples not rolled up yet), averaged into
// wider buckets. Figures no sample reported stay null.

type Row = {
  at: Date;
  total_kib: bigint;
  balloon_kib: bigint | null;
  used_kib: bigint | null;
  available_kib: bigint | null;
  cache_kib: bigint | null;
  rss_kib: bigint | null;
};

export async function getMemorySeries({ actor, serverId, range, now = new Date() }: {
  actor: Actor;
  serverId: string;
  range: MemoryRange;
  now?: Date;
}): Promise<MemorySeries> {
  const server = await getServer({ actor, serverId });
  const { spanMs, stepMs } = MEMORY_RANGE_SPANS[range];
  const widthSeconds = stepMs / 1000;
  const from = new Date(now.getTime() - spanMs);
  const [latest, rows, events] = await Promise.all([
    db().memorySample.findFirst({ where: { serverId: server.id, at: { lte: now } }, orderBy: { at: "desc" } }),
    range === "1h" ? rawPoints(server.id, from, now, widthSeconds) : rolledUpPoints(server.id, from, now, widthSeconds),
    memoryEvents(server.id, from, now),
  ]);
  return { source: latest?.source ?? "host", latest: latest ? toMemoryPoint(latest) : null, points: rows.map(toPoint), events };
}

async function memoryEvents(serverId: string, from: Date, to: Date): Promise<MemoryEvent[]> {
  const audits = await db().auditEvent.findMany({
    where: { serverId, kind: { in: [AUDIT_KINDS.ballooningApplied, AUDIT_KINDS.switchedToKvm] }, createdAt: { gt: from, lte: to } },
    orderBy: { createdAt: "asc" },
    select: { kind: true, createdAt: true, data: true },
  });
  return audits.map(({ kind, createdAt, data }) => ({
    at: createdAt.toISOString(),
    kind: kind === AUDIT_KINDS.switchedToKvm ? "moved_to_kvm" : enabledIn(data) ? "ballooning_enabled" : "ballooning_disabled",
  }));
}

function enabledIn(data: Prisma.JsonValue): boolean {
  return data !== null && typeof data === "object" && !Array.isArray(data) && data.enabled === true;
}

const kib = (value: bigint | null) => (value === null ? null : Number(value));

function toPoint(row: Row): MemoryPoint {
  return {
    at: row.at.toISOString(),
    totalKiB: Number(row.total_kib),
    balloonKiB: kib(row.balloon_kib),
    usedKiB: kib(row.used_kib),
    availableKiB: kib(row.available_kib),
    cacheKiB: kib(row.cache_kib),
    rssKiB: kib(row.rss_kib),
  };
}

const bin = (width: number, column: Prisma.Sql) =>
  Prisma.sql`date_bin(make_interval(secs => ${width}::int), ${column}, timestamptz '2000-01-01 00:00:00+00')`;

/** Raw samples, averaged per `width` seconds only where an agent reports more often than that. */
function rawPoints(serverId: string, from: Date, to: Date, width: number) {
  return db().$queryRaw<Row[]>`
    SELECT max(at) AS at,
           round(avg(total_kib))::bigint AS total_kib, round(avg(balloon_kib))::bigint AS balloon_kib,
           round(avg(used_kib))::bigint AS used_kib, round(avg(available_kib))::bigint AS available_kib,
           round(avg(cache_kib))::bigint AS cache_kib, round(avg(rss_kib))::bigint AS rss_kib
    FROM memory_samples
    WHERE server_id = ${serverId}::uuid AND at > ${from} AND at <= ${to}
    GROUP BY ${bin(width, Prisma.sql`at`)}
    ORDER BY 1`;
}

/**
 * Five-minute roll-ups, and the raw samples after the newest of them, averaged per `width` seconds.
 * Averages are weighted by sample count, over the samples that reported the figure; float8 arithmetic
 * (exact far beyond these sums) is several times faster than numeric.
 */
function rolledUpPoints(serverId: string, from: Date, to: Date, width: number) {
  return db().$queryRaw<Row[]>`
    WITH rollups AS (
      SELECT bucket_start, sample_count, total_kib, balloon_kib, used_avg_kib AS used_kib,
             available_kib, cache_kib, rss_avg_kib AS rss_kib
      FROM memory_rollups
      WHERE server_id = ${serverId}::uuid AND bucket_start >= ${from} AND bucket_start <= ${to}
    ), tail AS (
      SELECT ${bin(300, Prisma.sql`at`)} AS bucket_start, count(*)::int AS sample_count,
             avg(total_kib) AS total_kib, avg(balloon_kib) AS balloon_kib, avg(used_kib) AS used_kib,
             avg(available_kib) AS available_kib, avg(cache_kib) AS cache_kib, avg(rss_kib) AS rss_kib
      FROM memory_samples
      WHERE server_id = ${serverId}::uuid AND at <= ${to}
        AND at >= GREATEST(${from}, (SELECT max(bucket_start) + interval '5 minutes' FROM rollups))
      GROUP BY 1
    ), buckets AS (
      SELECT * FROM rollups UNION ALL SELECT * FROM tail
    )
    SELECT ${bin(width, Prisma.sql`bucket_start`)} AS at,
           round(sum(total_kib::float8 * sample_count) / sum(sample_count))::bigint AS total_kib,
           round(sum(balloon_kib::float8 * sample_count) / NULLIF(sum(sample_count) FILTER (WHERE balloon_kib IS NOT NULL), 0))::bigint AS balloon_kib,
           round(sum(used_kib::float8 * sample_count) / NULLIF(sum(sample_count) FILTER (WHERE used_kib IS NOT NULL), 0))::bigint AS used_kib,
           round(sum(available_kib::float8 * sample_count) / NULLIF(sum(sample_count) FILTER (WHERE available_kib IS NOT NULL), 0))::bigint AS available_kib,
           round(sum(cache_kib::float8 * sample_count) / NULLIF(sum(sample_count) FILTER (WHERE cache_kib IS NOT NULL), 0))::bigint AS cache_kib,
           round(sum(rss_kib::float8 * sample_count) / NULLIF(sum(sample_count) FILTER (WHERE rss_kib IS NOT NULL), 0))::bigint AS rss_kib
    FROM buckets
    GROUP BY 1
    ORDER BY 1`;
}
