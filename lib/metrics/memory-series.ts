import * as z from "zod/mini";
import { Prisma } from "@/lib/db/client.ts";
import { queryPrepared } from "@/lib/db/prepared.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { isUuid } from "@/lib/ids.ts";
import { serverNotFound } from "@/lib/servers/get-server.ts";
import { AUDIT_KINDS } from "@/lib/audit/audit-event.ts";
import { memorySeriesSchema, type MemorySeries } from "@/lib/contracts/metrics.ts";
import type { JsonText } from "@/lib/contracts/route-contract.ts";
import { MEMORY_RANGE_SPANS, type MemoryRange } from "./memory-ranges.ts";
import { HOUR_MS } from "./rollup-hours.ts";
import { ROLLUP_BUCKET_MS } from "./rollup-samples.ts";

// A server's memory over a range, at most a few hundred points: the last hour from raw samples,
// longer ranges from roll-ups (hourly ones where the points are whole hours apart, five-minute ones
// elsewhere, plus the raw samples not rolled up yet), averaged into wider buckets. Figures no sample
// reported stay null.

/**
 * The series as the API's JSON text, built whole by PostgreSQL in one statement (the latest reading,
 * the points and the events), after the server was found and the actor allowed to see it. A chart's
 * answer is a few hundred points of seven figures: built in the database, it costs the app neither
 * the rows' decoding nor their serialisation, on every poll of every open chart.
 */
export async function memorySeriesJson({ actor, serverId, range, now = new Date() }: SeriesRequest): Promise<JsonText<MemorySeries>> {
  if (!isUuid(serverId)) throw serverNotFound();
  // Each range's statement has one text (its times and the server are values): prepared once per connection.
  const [row] = await queryPrepared<{ body: string }>(`memory-series-${range}`, memorySeriesStatement(serverId, actor.userId, range, now));
  // No row: no such server, or not the actor's; the same "not found" either way, as getServer answers.
  if (!row) throw serverNotFound();
  return row.body as JsonText<MemorySeries>;
}

/**
 * The one statement behind a series: no row unless the server is `viewerId`'s own, the rule of
 * canViewServer (lib/auth/permissions.ts) asked in the same statement, so a poll is one round trip.
 */
export function memorySeriesStatement(serverId: string, viewerId: string, range: MemoryRange, now: Date): Prisma.Sql {
  const { spanMs, stepMs } = MEMORY_RANGE_SPANS[range];
  const widthSeconds = stepMs / 1000;
  const from = new Date(now.getTime() - spanMs);
  const points = range === "1h" ? rawPoints(serverId, from, now, widthSeconds) : rolledUpPoints(serverId, from, now, widthSeconds);
  return Prisma.sql`
    WITH visible AS (SELECT id FROM servers WHERE id = ${serverId}::uuid AND owner_id = ${viewerId}::uuid),
    points AS (${points}),
    latest AS (
      SELECT at, source, total_kib, balloon_kib, used_kib, available_kib, cache_kib, rss_kib
      FROM memory_samples WHERE server_id = ${serverId}::uuid AND at <= ${now}
      ORDER BY at DESC LIMIT 1
    ), events AS (
      SELECT created_at AS at,
             CASE WHEN kind = ${AUDIT_KINDS.switchedToKvm} THEN 'moved_to_kvm'
                  WHEN data->'enabled' = 'true'::jsonb THEN 'ballooning_enabled'
                  ELSE 'ballooning_disabled' END AS kind
      FROM audit_events
      WHERE server_id = ${serverId}::uuid AND kind IN (${AUDIT_KINDS.ballooningApplied}, ${AUDIT_KINDS.switchedToKvm})
        AND created_at > ${from} AND created_at <= ${now}
    )
    SELECT '{"source":"' || COALESCE((SELECT source::text FROM latest), 'host')
        || '","latest":' || COALESCE((SELECT ${pointText} FROM latest), 'null')
        || ',"points":[' || COALESCE((SELECT string_agg(${pointText}, ',' ORDER BY at) FROM points), '')
        || '],"events":[' || COALESCE((SELECT string_agg(format('{"at":"%s","kind":"%s"}', ${isoTime}, kind), ',' ORDER BY at) FROM events), '')
        || ']}' AS body
    FROM visible`;
}

/** The series as a value, checked against its contract: for callers in the app's own process (tests, benchmarks). */
export async function getMemorySeries(request: SeriesRequest): Promise<MemorySeries> {
  return z.parse(memorySeriesSchema, JSON.parse(await memorySeriesJson(request)));
}

type SeriesRequest = { actor: Actor; serverId: string; range: MemoryRange; now?: Date };

/** A whole number column as JSON: its digits, or null. */
function jsonNumber(column: "total_kib" | "balloon_kib" | "used_kib" | "available_kib" | "cache_kib" | "rss_kib"): Prisma.Sql {
  return Prisma.raw(`COALESCE(${column}::text, 'null')`);
}

/** A time as JavaScript's toISOString writes it (UTC, milliseconds, Z), whatever the session's time zone. */
const isoTime = Prisma.sql`to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One reading as the contract's MemoryPoint, as JSON text: KiB as numbers, unknown figures null.
 * Written with format() rather than json_build_object, which costs PostgreSQL four times as much per
 * point; every value is a number or the time above, so nothing needs escaping.
 */
const pointText = Prisma.sql`format('{"at":"%s","totalKiB":%s,"balloonKiB":%s,"usedKiB":%s,"availableKiB":%s,"cacheKiB":%s,"rssKiB":%s}',
  ${isoTime}, ${jsonNumber("total_kib")}, ${jsonNumber("balloon_kib")}, ${jsonNumber("used_kib")},
  ${jsonNumber("available_kib")}, ${jsonNumber("cache_kib")}, ${jsonNumber("rss_kib")})`;

const bin = (width: number, column: Prisma.Sql) =>
  Prisma.sql`date_bin(make_interval(secs => ${width}::int), ${column}, timestamptz '2000-01-01 00:00:00+00')`;

/** Raw samples, averaged per `width` seconds only where an agent reports more often than that. */
function rawPoints(serverId: string, from: Date, to: Date, width: number): Prisma.Sql {
  return Prisma.sql`
    SELECT max(at) AS at,
           round(avg(total_kib))::bigint AS total_kib, round(avg(balloon_kib))::bigint AS balloon_kib,
           round(avg(used_kib))::bigint AS used_kib, round(avg(available_kib))::bigint AS available_kib,
           round(avg(cache_kib))::bigint AS cache_kib, round(avg(rss_kib))::bigint AS rss_kib
    FROM memory_samples
    WHERE server_id = ${serverId}::uuid AND at > ${from} AND at <= ${to}
    GROUP BY ${bin(width, Prisma.sql`at`)}`;
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
function rolledUpPoints(serverId: string, from: Date, to: Date, width: number): Prisma.Sql {
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
  return Prisma.sql`
    WITH hours AS (${hours}),
    covered AS (
      SELECT min(bucket_start) AS first, max(bucket_start) + interval '1 hour' AS last FROM hours
    ), newest_rollup AS (
      -- ORDER BY … LIMIT 1 rather than max(): one step back along the index, not a month of rows.
      SELECT bucket_start FROM memory_rollups
      WHERE server_id = ${serverId}::uuid AND bucket_start >= ${from} AND bucket_start <= ${to}
      ORDER BY bucket_start DESC LIMIT 1
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
    GROUP BY 1`;
}

/** The samples behind a five-minute roll-up's figure: all of them, or none when none reported it. */
const reported = (column: Prisma.Sql) => Prisma.sql`CASE WHEN ${column} IS NULL THEN 0 ELSE sample_count END`;
/** The same for the raw samples of the tail, whose average is null when none reported the figure. */
const tailReported = (column: Prisma.Sql) => Prisma.sql`CASE WHEN avg(${column}) IS NULL THEN 0 ELSE count(*)::int END`;
