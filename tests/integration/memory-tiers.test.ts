import { beforeAll, describe, expect, it } from "vitest";
import { batchDb, db, Prisma } from "@/lib/db/client.ts";
import type { MemoryPoint } from "@/lib/contracts/metrics.ts";
import { MEMORY_RANGE_SPANS, type MemoryRange } from "@/lib/metrics/memory-ranges.ts";
import { getMemorySeries } from "@/lib/metrics/memory-series.ts";
import { rollupHours } from "@/lib/metrics/rollup-hours.ts";
import { floorToBucket, rollupSamples } from "@/lib/metrics/rollup-samples.ts";
import { ensureSamplePartitions, utcDaysBetween } from "@/lib/metrics/sample-partitions.ts";
import { createHost, createServer, createUser } from "@/tests/support/factories.ts";

// The memory chart answers the same whichever tier its rows come from: raw samples across a day's
// partition boundary, five-minute roll-ups, hourly ones. The reference is the query the chart ran
// before hourly roll-ups existed, kept here verbatim, on the same data. A month of 2021 is this
// file's alone: it rolls up without the maintenance job, so it never drops another file's days.

const now = new Date("2021-03-31T00:07:40.000Z"); // a few minutes after midnight: the last hour spans two partitions
const firstSample = new Date(now.getTime() - 31 * 24 * 3_600_000);
const rolledUpTo = new Date("2021-03-30T23:50:00.000Z"); // later samples are the raw tail
const switchedToHostView = new Date("2021-03-20T10:27:00.000Z"); // mid-hour: that hour mixes guest and host figures

let serverId: string;
let actor: { userId: string; role: "customer"; via: "api_token"; scope: "read" };

type Row = { at: Date; total_kib: bigint; balloon_kib: bigint | null; used_kib: bigint | null; available_kib: bigint | null; cache_kib: bigint | null; rss_kib: bigint | null };

const kib = (value: bigint | null) => (value === null ? null : Number(value));
const toPoint = (row: Row): MemoryPoint => ({
  at: row.at.toISOString(), totalKiB: Number(row.total_kib), balloonKiB: kib(row.balloon_kib), usedKiB: kib(row.used_kib),
  availableKiB: kib(row.available_kib), cacheKiB: kib(row.cache_kib), rssKiB: kib(row.rss_kib),
});
const bin = (width: number, column: Prisma.Sql) =>
  Prisma.sql`date_bin(make_interval(secs => ${width}::int), ${column}, timestamptz '2000-01-01 00:00:00+00')`;

/**
 * The chart's query before hourly roll-ups: raw samples for 1h, five-minute roll-ups and the raw tail
 * otherwise, from the range's first whole bucket (the chart shows whole buckets only).
 */
async function referencePoints(range: MemoryRange): Promise<MemoryPoint[]> {
  const { spanMs, stepMs } = MEMORY_RANGE_SPANS[range];
  const width = stepMs / 1000;
  const from = new Date(Math.ceil((now.getTime() - spanMs) / stepMs) * stepMs);
  const rows = range === "1h"
    ? await db().$queryRaw<Row[]>`
      SELECT max(at) AS at,
             round(avg(total_kib))::bigint AS total_kib, round(avg(balloon_kib))::bigint AS balloon_kib,
             round(avg(used_kib))::bigint AS used_kib, round(avg(available_kib))::bigint AS available_kib,
             round(avg(cache_kib))::bigint AS cache_kib, round(avg(rss_kib))::bigint AS rss_kib
      FROM memory_samples
      WHERE server_id = ${serverId}::uuid AND at >= ${from} AND at <= ${now}
      GROUP BY ${bin(width, Prisma.sql`at`)}
      ORDER BY 1`
    : await db().$queryRaw<Row[]>`
      WITH rollups AS (
        SELECT bucket_start, sample_count, total_kib, balloon_kib, used_avg_kib AS used_kib,
               available_kib, cache_kib, rss_avg_kib AS rss_kib
        FROM memory_rollups
        WHERE server_id = ${serverId}::uuid AND bucket_start >= ${from} AND bucket_start <= ${now}
      ), tail AS (
        SELECT ${bin(300, Prisma.sql`at`)} AS bucket_start, count(*)::int AS sample_count,
               avg(total_kib) AS total_kib, avg(balloon_kib) AS balloon_kib, avg(used_kib) AS used_kib,
               avg(available_kib) AS available_kib, avg(cache_kib) AS cache_kib, avg(rss_kib) AS rss_kib
        FROM memory_samples
        WHERE server_id = ${serverId}::uuid AND at <= ${now}
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
  return rows.map(toPoint);
}

const series = (range: MemoryRange) => getMemorySeries({ actor, serverId, range, now });
const RANGES = ["1h", "24h", "7d", "30d"] as const;

beforeAll(async () => {
  const [owner, host] = await Promise.all([createUser(), createHost()]);
  serverId = (await createServer({ ownerId: owner.id, hostId: host.id })).id;
  actor = { userId: owner.id, role: "customer", via: "api_token", scope: "read" };
  await db().$transaction((tx) => ensureSamplePartitions(tx, utcDaysBetween(firstSample, now)));
  // Every 10 s for 31 days, figures that never repeat in step with the buckets; guest figures (every
  // seventh without `available`) until the switch, the host's view (rss only) after it.
  // A month of samples is batch work: it may take longer than one request's query is allowed.
  await batchDb().$executeRaw`
    INSERT INTO memory_samples (server_id, at, source, total_kib, balloon_kib, used_kib, available_kib, cache_kib, rss_kib)
    SELECT ${serverId}::uuid, at, CASE WHEN guest THEN 'guest' ELSE 'host' END::"MemorySource", 8388608,
           CASE WHEN guest THEN 8388608 - n % 89 * 1024 END, CASE WHEN guest THEN 2000000 + n % 997 * 37 END,
           CASE WHEN guest AND n % 7 <> 0 THEN 5000000 - n % 991 * 29 END, CASE WHEN guest THEN 700000 + n % 983 * 11 END,
           3000000 + n % 1009 * 41
    FROM generate_series(${firstSample}::timestamptz, ${now}::timestamptz, interval '10 seconds') AS at,
         LATERAL (SELECT extract(epoch FROM at)::bigint / 10 AS n, at < ${switchedToHostView} AS guest) AS figures`;
  await rollupSamples({ from: floorToBucket(firstSample), to: rolledUpTo });
});

describe("the memory series across tiers", () => {
  it.each(RANGES)("answers %s exactly as the five-minute query did, before any hourly roll-up exists", async (range) => {
    expect(await db().memoryRollupHourly.count({ where: { serverId } })).toBe(0);
    const answer = await series(range);
    expect(answer.points.length).toBeGreaterThan(range === "24h" ? 140 : 160);
    expect(answer.points).toStrictEqual(await referencePoints(range));
  });

  it("answers the last hour across midnight from both days' partitions", async () => {
    const { points, latest } = await series("1h");
    expect(points[0]?.at.startsWith("2021-03-30T23:")).toBe(true);
    expect(points.at(-1)?.at).toBe(now.toISOString());
    expect(latest?.at).toBe(now.toISOString());
  });

  it.each(RANGES)("answers %s exactly the same when only the last two days have hourly roll-ups", async (range) => {
    await rollupHours({ from: new Date("2021-03-29T00:00:00.000Z"), to: new Date("2021-03-30T23:00:00.000Z") });
    expect(await series(range)).toStrictEqual({ ...(await series(range)), points: await referencePoints(range) });
  });

  it.each(RANGES)("answers %s exactly the same with every whole hour rolled up", async (range) => {
    await rollupHours({ from: new Date("2021-02-28T00:00:00.000Z"), to: new Date("2021-03-30T23:00:00.000Z") });
    expect(await db().memoryRollupHourly.count({ where: { serverId } })).toBeGreaterThan(30 * 24);
    expect((await series(range)).points).toStrictEqual(await referencePoints(range));
  });

  it("reads the month from hourly rows: a point holds four of them, or the five-minute rows around them", async () => {
    const { points } = await series("30d");
    // 30 days of 4-hour points, the one under way included.
    expect(points.length).toBe(180);
    const mixed = points.find((point) => point.at === "2021-03-20T08:00:00.000Z");
    expect(mixed).toMatchObject({ usedKiB: expect.any(Number), rssKiB: expect.any(Number) });
    expect(points.find((point) => point.at === "2021-03-21T08:00:00.000Z")).toMatchObject({ usedKiB: null, balloonKiB: null, availableKiB: null, cacheKiB: null });
  });
});
