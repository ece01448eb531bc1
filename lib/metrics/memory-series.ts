import { db, Prisma } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { getServer } from "@/lib/servers/get-server.ts";
import { AUDIT_KINDS } from "@/lib/audit/audit-event.ts";
import type { MemoryEvent, MemoryPoint, MemorySeries } from "@/lib/contracts/metrics.ts";
import { toMemoryPoint } from "./memory-point.ts";
import { MEMORY_RANGE_SPANS, type MemoryRange } from "./memory-ranges.ts";
import { HOUR_MS } from "./rollup-hours.ts";
import { ROLLUP_BUCKET_MS } from "./rollup-samples.ts";

// A server's memory over a range, at most a few hundred points: the last hour from raw samples,
// longer ranges from roll-ups (hourly ones where the points are whole hours apart, five-minute ones
// elsewhere, plus the raw samples not rolled up yet), averaged into wider buckets. Figures no sample
// reported stay null.

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
 * Roll-ups, and the raw samples after the newest of them, averaged per `width` seconds. Where `width`
 * holds whole hours, hourly roll-ups stand in for the five-minute ones of the hours they cover (a
 * month reads 720 rows, not 8,640); five-minute roll-ups fill in before and after them (a first hour
 * only partly in range, the hour under way, hours not rolled up yet). Maintenance rolls up every
 * hour from where it left off, so the hourly rows of a range have no holes between the first and last.
 *
 * Every source row brings, per figure, its sample-weighted sum and the number of samples that
 * reported the figure, so the average is the same whichever tier a row comes from. float8 arithmetic
 * is exact for these sums (whole numbers far below 2^53) and several times faster than numeric.
 */
function rolledUpPoints(serverId: string, from: Date, to: Date, width: number) {
  const withHours = (width * 1000) % HOUR_MS === 0;
  // Hours entirely inside the range: from the first whole hour to the last one whose buckets are all <= `to`.
  const firstHour = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
  const lastHour = new Date(to.getTime() - (HOUR_MS - ROLLUP_BUCKET_MS));
  const hours = withHours
    ? Prisma.sql`
      SELECT bucket_start, sample_count, total_kib_sum::float8 AS total_sum,
             balloon_kib_sum::float8 AS balloon_sum, balloon_count AS balloon_n,
             available_kib_sum::float8 AS available_sum, available_count AS available_n,
             cache_kib_sum::float8 AS cache_sum, cache_count AS cache_n,
             used_kib_sum::float8 AS used_sum, used_count AS used_n, rss_kib_sum::float8 AS rss_sum, rss_count AS rss_n
      FROM memory_rollups_hourly
      WHERE server_id = ${serverId}::uuid AND bucket_start >= ${firstHour} AND bucket_start <= ${lastHour}`
    : Prisma.sql`SELECT NULL::timestamptz AS bucket_start, 0 AS sample_count, 0::float8 AS total_sum,
             NULL::float8 AS balloon_sum, 0 AS balloon_n, NULL::float8 AS available_sum, 0 AS available_n,
             NULL::float8 AS cache_sum, 0 AS cache_n, NULL::float8 AS used_sum, 0 AS used_n, NULL::float8 AS rss_sum, 0 AS rss_n
      WHERE false`;
  const fiveMinutes = (range: Prisma.Sql) => Prisma.sql`
      SELECT bucket_start, sample_count, total_kib::float8 * sample_count AS total_sum,
             balloon_kib::float8 * sample_count AS balloon_sum, ${reported(Prisma.sql`balloon_kib`)} AS balloon_n,
             available_kib::float8 * sample_count AS available_sum, ${reported(Prisma.sql`available_kib`)} AS available_n,
             cache_kib::float8 * sample_count AS cache_sum, ${reported(Prisma.sql`cache_kib`)} AS cache_n,
             used_avg_kib::float8 * sample_count AS used_sum, ${reported(Prisma.sql`used_avg_kib`)} AS used_n,
             rss_avg_kib::float8 * sample_count AS rss_sum, ${reported(Prisma.sql`rss_avg_kib`)} AS rss_n
      FROM memory_rollups
      WHERE server_id = ${serverId}::uuid AND bucket_start >= ${from} AND bucket_start <= ${to} AND ${range}`;
  return db().$queryRaw<Row[]>`
    WITH hours AS (${hours}),
    covered AS (
      SELECT min(bucket_start) AS first, max(bucket_start) + interval '1 hour' AS last FROM hours
    ), newest_rollup AS (
      SELECT max(bucket_start) AS bucket_start FROM memory_rollups
      WHERE server_id = ${serverId}::uuid AND bucket_start >= ${from} AND bucket_start <= ${to}
    ), tail AS (
      SELECT ${bin(300, Prisma.sql`at`)} AS bucket_start, count(*)::int AS sample_count,
             avg(total_kib)::float8 * count(*)::int AS total_sum,
             avg(balloon_kib)::float8 * count(*)::int AS balloon_sum, ${tailReported(Prisma.sql`balloon_kib`)} AS balloon_n,
             avg(available_kib)::float8 * count(*)::int AS available_sum, ${tailReported(Prisma.sql`available_kib`)} AS available_n,
             avg(cache_kib)::float8 * count(*)::int AS cache_sum, ${tailReported(Prisma.sql`cache_kib`)} AS cache_n,
             avg(used_kib)::float8 * count(*)::int AS used_sum, ${tailReported(Prisma.sql`used_kib`)} AS used_n,
             avg(rss_kib)::float8 * count(*)::int AS rss_sum, ${tailReported(Prisma.sql`rss_kib`)} AS rss_n
      FROM memory_samples
      WHERE server_id = ${serverId}::uuid AND at <= ${to}
        AND at >= GREATEST(${from}, (SELECT bucket_start + interval '5 minutes' FROM newest_rollup))
      GROUP BY 1
    ), buckets AS (
      SELECT * FROM hours
      UNION ALL ${fiveMinutes(Prisma.sql`bucket_start < COALESCE((SELECT first FROM covered), 'infinity')`)}
      UNION ALL ${fiveMinutes(Prisma.sql`bucket_start >= COALESCE((SELECT last FROM covered), 'infinity')`)}
      UNION ALL SELECT * FROM tail
    )
    SELECT ${bin(width, Prisma.sql`bucket_start`)} AS at,
           round(sum(total_sum) / sum(sample_count))::bigint AS total_kib,
           round(sum(balloon_sum) / NULLIF(sum(balloon_n), 0))::bigint AS balloon_kib,
           round(sum(used_sum) / NULLIF(sum(used_n), 0))::bigint AS used_kib,
           round(sum(available_sum) / NULLIF(sum(available_n), 0))::bigint AS available_kib,
           round(sum(cache_sum) / NULLIF(sum(cache_n), 0))::bigint AS cache_kib,
           round(sum(rss_sum) / NULLIF(sum(rss_n), 0))::bigint AS rss_kib
    FROM buckets
    GROUP BY 1
    ORDER BY 1`;
}

/** The samples behind a five-minute roll-up's figure: all of them, or none when none reported it. */
const reported = (column: Prisma.Sql) => Prisma.sql`CASE WHEN ${column} IS NULL THEN 0 ELSE sample_count END`;
/** The same for the raw samples of the tail, whose average is null when none reported the figure. */
const tailReported = (column: Prisma.Sql) => Prisma.sql`CASE WHEN avg(${column}) IS NULL THEN 0 ELSE count(*)::int END`;
