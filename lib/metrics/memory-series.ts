import * as z from "zod/mini";
import { Prisma } from "@/lib/db/client.ts";
import { queryPrepared } from "@/lib/db/prepared.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { readerCte, readerOf, settleReader, type Reader, type ReaderColumns } from "@/lib/auth/reader.ts";
import { isUuid } from "@/lib/ids.ts";
import { serverNotFound } from "@/lib/servers/get-server.ts";
import { AUDIT_KINDS } from "@/lib/audit/audit-event.ts";
import { memorySeriesSchema, withPointObjects, type MemorySeries, type MemorySeriesPoints } from "@/lib/contracts/metrics.ts";
import type { JsonText } from "@/lib/contracts/route-contract.ts";
import { forgetPoints, keepPoints, keptPoints, type KeptPoints, type SeriesPoint } from "./finished-points.ts";
import { ROLLUPS_FINAL_BEFORE_NEWEST_MS } from "./maintenance.ts";
import { MEMORY_RANGE_SPANS, type MemoryRange } from "./memory-ranges.ts";
import { HOUR_MS } from "./rollup-hours.ts";
import { ROLLUP_BUCKET_MS } from "./rollup-samples.ts";

// A server's memory over a range, about two hundred points at most: the last hour from raw samples,
// longer ranges from roll-ups (hourly ones where the points are whole hours apart, five-minute ones
// elsewhere, plus the raw samples not rolled up yet), averaged into buckets of the range's step. The
// points are the range's whole buckets, from the first that starts inside it to the one under way,
// so each point averages the same span. Figures no sample reported stay null. The points of settled
// buckets are kept in the process between polls (finished-points.ts), so a poll reads from
// PostgreSQL little more than the bucket under way.

/**
 * The series as the API's JSON text, assembled from one statement's answer (the latest reading, the
 * points not kept, the events, all written as JSON by PostgreSQL) after the reader's session and the
 * server were checked, and the points kept from earlier polls. Built this way, a poll costs the app
 * neither the rows' decoding nor their serialisation.
 */
export async function memorySeriesJson({ reader, serverId, range, now = new Date() }: SeriesRequest): Promise<JsonText<MemorySeries>> {
  const window = seriesWindow(range, now);
  const read = async (kept: KeptPoints) => {
    const { name, sql } = memorySeriesStatement({ reader, serverId, range, now, readFrom: new Date(kept.until) });
    const [row] = await queryPrepared<SeriesRow>(name, sql);
    await settleReader(reader, row);
    // No series: no such server, or not the reader's; the same "not found" either way, as getServer answers.
    if (!row || row.opening === null || row.closing === null) throw serverNotFound();
    return { ...row, opening: row.opening, closing: row.closing };
  };
  let kept = keptPoints(serverId, range, { from: window.firstWhole, present: window.present });
  let row = await read(kept);
  // A raw sample may still arrive for any moment of the hour (an agent's clock behind, a report held
  // back); such a report counts the server's late_samples_version up (record-samples.ts). Kept raw
  // buckets count only under the version they were read with: otherwise the hour is read again.
  if (window.raw && kept.points.length > 0 && row.late_samples_version !== kept.version) {
    forgetPoints(serverId, range);
    kept = { until: window.firstWhole, points: [], version: undefined, json: "" };
    row = await read(kept);
  }
  const fresh = row.points ? row.points.split("\n").map(pointOfLine) : [];
  const whole = [...kept.points, ...fresh];
  const finalUntil = window.raw ? now.getTime() - RAW_SETTLED_AFTER_MS : row.newest_rollup && row.newest_rollup.getTime() - ROLLUPS_FINAL_BEFORE_NEWEST_MS;
  if (finalUntil) {
    const until = Math.min(Math.floor(finalUntil / window.stepMs) * window.stepMs, window.present);
    keepPoints(serverId, range, { from: window.firstWhole, finalUntil: until, points: whole, version: window.raw ? row.late_samples_version : undefined });
  }
  const freshJson = fresh.map((point) => point.json).join(",");
  const points = kept.json && freshJson ? `${kept.json},${freshJson}` : kept.json || freshJson;
  return `${row.opening}${points}${row.closing}` as JsonText<MemorySeries>;
}


/** A line of the statement's `points`, as "<bucket start ms> <json>": one text for PostgreSQL to send and the app to split. */
function pointOfLine(line: string): SeriesPoint {
  const space = line.indexOf(" ");
  return { at: Number(line.slice(0, space)), json: line.slice(space + 1) };
}

type SeriesRow = ReaderColumns & {
  /** The JSON before and after the points; null when the server is not the reader's (or no server at all). */
  opening: string | null;
  closing: string | null;
  /** One line a point: its bucket's start (epoch ms) and its JSON. */
  points: string | null;
  /** The server's count of late reports (record-samples.ts), as text: a bigint. */
  late_samples_version: string;
  newest_rollup: Date | null;
};

/**
 * A raw bucket this old is kept: every sample of it has come with its report. One that still arrives
 * later counts the server's late_samples_version up (record-samples.ts), and the hour is read again.
 */
const RAW_SETTLED_AFTER_MS = 60_000;

/**
 * Where a range's points begin: `firstWhole`, the first bucket that starts inside the range (buckets
 * are aligned to the step from 2000-01-01 UTC, as date_bin counts them), and `present`, the bucket under way.
 */
export function seriesWindow(range: MemoryRange, now: Date) {
  const { spanMs, stepMs } = MEMORY_RANGE_SPANS[range];
  return {
    stepMs,
    raw: range === "1h",
    firstWhole: Math.ceil((now.getTime() - spanMs) / stepMs) * stepMs,
    present: Math.floor(now.getTime() / stepMs) * stepMs,
  };
}

/**
 * The one statement behind a series, so a poll is one round trip: no row unless the reader's session
 * still counts (lib/auth/reader.ts), and no series unless the server is the reader's own, the rule of
 * canViewServer (lib/auth/permissions.ts). It answers the JSON before and after the points, the
 * points of the buckets from `readFrom` on (the range's first whole one when not given) with their
 * buckets' starts, and what tells the caller which points are final: the server's newest five-minute
 * roll-up in the range, and for raw samples the server's late_samples_version. Named
 * for its text, which is the same for every server and moment: each is prepared once per connection.
 */
export function memorySeriesStatement({ reader, serverId, range, now, readFrom }: { reader: Reader; serverId: string; range: MemoryRange; now: Date; readFrom?: Date }): { name: string; sql: Prisma.Sql } {
  // A malformed id names no server: asked as none (null), so the session is still asked first.
  const server = isUuid(serverId) ? serverId : null;
  const { spanMs, stepMs } = MEMORY_RANGE_SPANS[range];
  const widthSeconds = stepMs / 1000;
  const from = new Date(now.getTime() - spanMs);
  const { firstWhole, raw } = seriesWindow(range, now);
  const start = new Date(firstWhole);
  const readsFrom = new Date(Math.max(firstWhole, readFrom?.getTime() ?? 0));
  // A poll whose earlier points are kept reads a few buckets: without the hourly roll-ups' steps.
  const polling = readsFrom > start;
  const points = raw ? rawPoints(server, readsFrom, now, widthSeconds) : rolledUpPoints(server, readsFrom, now, widthSeconds, { hourly: !polling });
  const name = `memory-series-${range}${raw || !polling ? "" : "-poll"}`;
  return { name, sql: Prisma.sql`
    WITH ${readerCte(reader)},
    visible AS (SELECT id, late_samples_version FROM servers WHERE id = ${server}::uuid AND owner_id = ${reader.userId}::uuid),
    newest_rollup AS (
      -- ORDER BY … LIMIT 1 rather than max(): one step back along the index, not a month of rows.
      SELECT bucket_start FROM memory_rollups
      WHERE server_id = ${server}::uuid AND bucket_start >= ${start} AND bucket_start <= ${now}
      ORDER BY bucket_start DESC LIMIT 1
    ),
    points AS (${points}),
    latest AS (
      SELECT at, source, total_kib, balloon_kib, used_kib, available_kib, cache_kib, rss_kib
      FROM memory_samples WHERE server_id = ${server}::uuid AND at <= ${now}
      ORDER BY at DESC LIMIT 1
    ), events AS (
      SELECT created_at AS at,
             CASE WHEN kind = ${AUDIT_KINDS.switchedToKvm} THEN 'moved_to_kvm'
                  WHEN data->'enabled' = 'true'::jsonb THEN 'ballooning_enabled'
                  ELSE 'ballooning_disabled' END AS kind
      FROM audit_events
      WHERE server_id = ${server}::uuid AND kind IN (${AUDIT_KINDS.ballooningApplied}, ${AUDIT_KINDS.switchedToKvm})
        AND created_at > ${from} AND created_at <= ${now}
    )
    SELECT reader.reader_role, reader.reader_last_seen, series.*
    FROM reader LEFT JOIN LATERAL (
      SELECT '{"source":"' || COALESCE((SELECT source::text FROM latest), 'host')
          || '","latest":' || COALESCE((SELECT ${pointObject} FROM latest), 'null') || ',"points":[' AS opening,
             (SELECT string_agg((extract(epoch FROM bucket) * 1000)::bigint || ' ' || ${pointRow}, E'\n' ORDER BY bucket) FROM points) AS points,
             visible.late_samples_version::text AS late_samples_version,
             '],"events":[' || COALESCE((SELECT string_agg(format('{"at":"%s","kind":"%s"}', ${isoTime}, kind), ',' ORDER BY at) FROM events), '')
          || ']}' AS closing,
             (SELECT bucket_start FROM newest_rollup) AS newest_rollup
      FROM visible) series ON true` };
}

/** The series checked against its contract, with its points as objects: for callers in the app's own process (tests, benchmarks). */
export async function getMemorySeries({ actor, ...request }: Omit<SeriesRequest, "reader"> & { actor: Actor }): Promise<MemorySeriesPoints> {
  return withPointObjects(z.parse(memorySeriesSchema, JSON.parse(await memorySeriesJson({ reader: readerOf(actor), ...request }))));
}

type SeriesRequest = { reader: Reader; serverId: string; range: MemoryRange; now?: Date };

/** A whole number column as JSON: its digits, or null. */
function jsonNumber(column: "total_kib" | "balloon_kib" | "used_kib" | "available_kib" | "cache_kib" | "rss_kib"): Prisma.Sql {
  return Prisma.raw(`COALESCE(${column}::text, 'null')`);
}

/** A time as JavaScript's toISOString writes it (UTC, milliseconds, Z), whatever the session's time zone. */
const isoTime = Prisma.sql`to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// One reading as JSON text: KiB as numbers, unknown figures null. Written with format() rather than
// json_build_object, which costs PostgreSQL four times as much per point; every value is a number or
// the time above, so nothing needs escaping.
const figures = Prisma.sql`${isoTime}, ${jsonNumber("total_kib")}, ${jsonNumber("balloon_kib")}, ${jsonNumber("used_kib")},
  ${jsonNumber("available_kib")}, ${jsonNumber("cache_kib")}, ${jsonNumber("rss_kib")}`;
/** The contract's MemoryPoint (the latest reading). */
const pointObject = Prisma.sql`format('{"at":"%s","totalKiB":%s,"balloonKiB":%s,"usedKiB":%s,"availableKiB":%s,"cacheKiB":%s,"rssKiB":%s}', ${figures})`;
/** The contract's MemoryPointRow (each point of the series). */
const pointRow = Prisma.sql`format('["%s",%s,%s,%s,%s,%s,%s]', ${figures})`;

const bin = (width: number, column: Prisma.Sql) =>
  Prisma.sql`date_bin(make_interval(secs => ${width}::int), ${column}, timestamptz '2000-01-01 00:00:00+00')`;

/** Raw samples from `from` to `to` (both included), averaged per `width` seconds, with each bucket's start. */
function rawPoints(serverId: string | null, from: Date, to: Date, width: number): Prisma.Sql {
  return Prisma.sql`
    SELECT ${bin(width, Prisma.sql`at`)} AS bucket, max(at) AS at,
           round(avg(total_kib))::bigint AS total_kib, round(avg(balloon_kib))::bigint AS balloon_kib,
           round(avg(used_kib))::bigint AS used_kib, round(avg(available_kib))::bigint AS available_kib,
           round(avg(cache_kib))::bigint AS cache_kib, round(avg(rss_kib))::bigint AS rss_kib
    FROM memory_samples
    WHERE server_id = ${serverId}::uuid AND at >= ${from} AND at <= ${to}
    GROUP BY 1`;
}

/**
 * Roll-ups, and the raw samples after the newest of them (the statement's `newest_rollup`), averaged
 * per `width` seconds, for the buckets from `from` to `to` (both included). With `hourly`, where
 * `width` holds whole hours, hourly roll-ups stand in for the five-minute ones of the hours they cover
 * (a month reads 720 rows, not 8,640); five-minute roll-ups fill in before and after them (hours not
 * rolled up yet, the hour under way). Maintenance rolls up every hour from where it left off, so the
 * hourly rows of a range have no holes between the first and last. A poll that keeps the rest reads
 * a few hours at most: five-minute roll-ups alone, with fewer steps for PostgreSQL to run.
 *
 * Every source row brings, per figure, its sample-weighted sum and the number of samples that
 * reported the figure, so the average is the same whichever tier a row comes from. float8 arithmetic
 * is exact for these sums (whole numbers far below 2^53) and several times faster than numeric.
 */
function rolledUpPoints(serverId: string | null, from: Date, to: Date, width: number, { hourly }: { hourly: boolean }): Prisma.Sql {
  const fiveMinutes = (condition: Prisma.Sql) => Prisma.sql`
      SELECT bucket_start, sample_count, total_kib::float8 * sample_count AS total_sum,
             balloon_kib::float8 * sample_count AS balloon_sum, ${reported(Prisma.sql`balloon_kib`)} AS balloon_n,
             available_kib::float8 * sample_count AS available_sum, ${reported(Prisma.sql`available_kib`)} AS available_n,
             cache_kib::float8 * sample_count AS cache_sum, ${reported(Prisma.sql`cache_kib`)} AS cache_n,
             used_avg_kib::float8 * sample_count AS used_sum, ${reported(Prisma.sql`used_avg_kib`)} AS used_n,
             rss_avg_kib::float8 * sample_count AS rss_sum, ${reported(Prisma.sql`rss_avg_kib`)} AS rss_n
      FROM memory_rollups
      WHERE server_id = ${serverId}::uuid AND bucket_start >= ${from} AND bucket_start <= ${to} AND ${condition}`;
  const tail = Prisma.sql`
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
      GROUP BY 1`;
  let buckets: Prisma.Sql;
  if (hourly && (width * 1000) % HOUR_MS === 0) {
    // Hours entirely inside the range: from the first whole hour to the last one whose buckets are all <= `to`.
    const firstHour = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
    const lastHour = new Date(to.getTime() - (HOUR_MS - ROLLUP_BUCKET_MS));
    buckets = Prisma.sql`
    WITH hours AS (
      SELECT bucket_start, sample_count, total_kib_sum::float8 AS total_sum,
             balloon_kib_sum::float8 AS balloon_sum, balloon_count AS balloon_n,
             available_kib_sum::float8 AS available_sum, available_count AS available_n,
             cache_kib_sum::float8 AS cache_sum, cache_count AS cache_n,
             used_kib_sum::float8 AS used_sum, used_count AS used_n, rss_kib_sum::float8 AS rss_sum, rss_count AS rss_n
      FROM memory_rollups_hourly
      WHERE server_id = ${serverId}::uuid AND bucket_start >= ${firstHour} AND bucket_start <= ${lastHour}
    ), covered AS (
      SELECT min(bucket_start) AS first, max(bucket_start) + interval '1 hour' AS last FROM hours
    )
    SELECT * FROM hours
    UNION ALL ${fiveMinutes(Prisma.sql`bucket_start < COALESCE((SELECT first FROM covered), 'infinity')`)}
    UNION ALL ${fiveMinutes(Prisma.sql`bucket_start >= COALESCE((SELECT last FROM covered), 'infinity')`)}
    UNION ALL (${tail})`;
  } else {
    buckets = Prisma.sql`${fiveMinutes(Prisma.sql`true`)} UNION ALL (${tail})`;
  }
  return Prisma.sql`
    SELECT bucket, bucket AS at, total_kib, balloon_kib, used_kib, available_kib, cache_kib, rss_kib FROM (
      SELECT ${bin(width, Prisma.sql`bucket_start`)} AS bucket,
             round(sum(total_sum) / sum(sample_count))::bigint AS total_kib,
             round(sum(balloon_sum) / NULLIF(sum(balloon_n), 0))::bigint AS balloon_kib,
             round(sum(used_sum) / NULLIF(sum(used_n), 0))::bigint AS used_kib,
             round(sum(available_sum) / NULLIF(sum(available_n), 0))::bigint AS available_kib,
             round(sum(cache_sum) / NULLIF(sum(cache_n), 0))::bigint AS cache_kib,
             round(sum(rss_sum) / NULLIF(sum(rss_n), 0))::bigint AS rss_kib
      FROM (${buckets}) buckets
      GROUP BY 1) points_of_window`;
}

/** The samples behind a five-minute roll-up's figure: all of them, or none when none reported it. */
const reported = (column: Prisma.Sql) => Prisma.sql`CASE WHEN ${column} IS NULL THEN 0 ELSE sample_count END`;
/** The same for the raw samples of the tail, whose average is null when none reported the figure. */
const tailReported = (column: Prisma.Sql) => Prisma.sql`CASE WHEN avg(${column}) IS NULL THEN 0 ELSE count(*)::int END`;
