import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { runMemoryMaintenance } from "@/lib/metrics/maintenance.ts";
import { pruneSamples } from "@/lib/metrics/prune-samples.ts";
import { ensureSamplePartitions, utcDaysBetween } from "@/lib/metrics/sample-partitions.ts";
import { createHost, createServer, createUser } from "@/tests/support/factories.ts";

// The retention policy under a controlled clock, years before the samples other test files write,
// so this file's maintenance runs never touch their data.

const now = new Date("2020-06-15T12:02:30.000Z");
const threeDaysAgo = new Date("2020-06-12T12:00:00.000Z");
const firstKeptDay = new Date("2020-06-14T00:00:00.000Z"); // the oldest day that does not end 24 h or more before `now`

let serverId: string;
let prunedBeforeRollup: Awaited<ReturnType<typeof pruneSamples>>;
let firstRun: Awaited<ReturnType<typeof runMemoryMaintenance>>;

const snapshot = async () => ({
  samples: await db().memorySample.findMany({ where: { serverId }, orderBy: { at: "asc" } }),
  rollups: await db().memoryRollup.findMany({ where: { serverId }, orderBy: { bucketStart: "asc" } }),
  hourly: await db().memoryRollupHourly.findMany({ where: { serverId }, orderBy: { bucketStart: "asc" } }),
});

const partitionsOf2020 = async () =>
  (await db().$queryRaw<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'memory_samples'::regclass AND c.relname LIKE 'memory_samples_p2020%' ORDER BY 1`).map((row) => row.name);

beforeAll(async () => {
  const [owner, host] = await Promise.all([createUser(), createHost()]);
  serverId = (await createServer({ ownerId: owner.id, hostId: host.id })).id;
  await db().$transaction((tx) => ensureSamplePartitions(tx, utcDaysBetween(threeDaysAgo, now)));
  // A guest sample every minute from 3 days before `now`; in each 5-minute bucket used is 1000, 1100, … 1400 KiB, rss unknown.
  await db().$executeRaw`
    INSERT INTO memory_samples (server_id, at, source, total_kib, balloon_kib, used_kib, available_kib, cache_kib, rss_kib)
    SELECT ${serverId}::uuid, at, 'guest', 4000, 4000, 1000 + (extract(epoch FROM at)::bigint / 60 % 5) * 100, 2000, 500, NULL
    FROM generate_series(${threeDaysAgo}::timestamptz, ${now}::timestamptz, interval '1 minute') AS at`;
  for (const [days, count] of [[31, 7], [29, 9]] as const) {
    await db().memoryRollup.create({
      data: { serverId, bucketStart: new Date(Date.UTC(2020, 5, 15 - days, 12)), source: "host", sampleCount: count, totalKiB: 4000n, rssAvgKiB: 1500n },
    });
  }
  // Days past retention whose samples are not rolled up yet stay.
  prunedBeforeRollup = await pruneSamples({ now, rolledUpTo: new Date("2020-06-12T23:55:00.000Z") });
  firstRun = await runMemoryMaintenance({ now });
});

describe("memory maintenance", () => {
  it("keeps a day past retention until its samples are rolled up", () => {
    expect(prunedBeforeRollup.droppedDays).toEqual([]);
  });

  it("drops the partitions of days that ended 24 hours or more ago, and keeps every newer sample", async () => {
    expect(firstRun.droppedDays).toEqual(["2020-06-12", "2020-06-13"]);
    expect(await partitionsOf2020()).toEqual(["memory_samples_p20200614", "memory_samples_p20200615", "memory_samples_p20200616", "memory_samples_p20200617"]);
    const { samples } = await snapshot();
    expect(samples[0]?.at).toEqual(firstKeptDay);
    expect(samples.at(-1)?.at.getTime()).toBeLessThanOrEqual(now.getTime());
    // One a minute from midnight two days ago to `now`, none missing.
    expect(samples).toHaveLength(36 * 60 + 2 + 1);
  });

  it("creates the partitions of the coming days ahead of the samples", () => {
    // The 14th and 15th existed already (the samples above); the 16th and 17th are new.
    expect(firstRun.partitionsCreated).toBe(2);
  });

  it("rolls up older samples into 5-minute buckets with their min, average and max", async () => {
    const { rollups } = await snapshot();
    const twoDaysAgo = rollups.find((rollup) => rollup.bucketStart.getTime() === Date.UTC(2020, 5, 13, 12, 0));
    expect(twoDaysAgo).toMatchObject({
      source: "guest", sampleCount: 5, totalKiB: 4000n, balloonKiB: 4000n, availableKiB: 2000n, cacheKiB: 500n,
      usedMinKiB: 1000n, usedAvgKiB: 1200n, usedMaxKiB: 1400n, rssMinKiB: null, rssAvgKiB: null, rssMaxKiB: null,
    });
    const fromSamples = rollups.filter((rollup) => rollup.source === "guest");
    // The dropped days were rolled up first.
    expect(fromSamples[0]?.bucketStart).toEqual(threeDaysAgo);
    // Every complete bucket is rolled up; the bucket still filling at `now` is not.
    expect(fromSamples.at(-1)?.bucketStart).toEqual(new Date("2020-06-15T11:55:00.000Z"));
    expect(fromSamples).toHaveLength(72 * 12);
  });

  it("rolls the 5-minute buckets of every whole hour up into hourly sums and counts", async () => {
    const { hourly } = await snapshot();
    const fromSamples = hourly.filter((hour) => hour.source === "guest");
    expect(fromSamples[0]?.bucketStart).toEqual(threeDaysAgo);
    // The hour under way (12:00 at `now`) is left to its 5-minute roll-ups.
    expect(fromSamples.at(-1)?.bucketStart).toEqual(new Date("2020-06-15T11:00:00.000Z"));
    expect(fromSamples).toHaveLength(72);
    expect(hourly.find((hour) => hour.bucketStart.getTime() === Date.UTC(2020, 5, 13, 12))).toMatchObject({
      source: "guest", sampleCount: 60, totalKiBSum: 4000n * 60n, balloonKiBSum: 4000n * 60n, balloonCount: 60,
      availableKiBSum: 2000n * 60n, availableCount: 60, cacheKiBSum: 500n * 60n, cacheCount: 60,
      usedMinKiB: 1000n, usedKiBSum: 1200n * 60n, usedCount: 60, usedMaxKiB: 1400n,
      rssMinKiB: null, rssKiBSum: null, rssCount: 0, rssMaxKiB: null,
    });
  });

  it("prunes roll-ups of both tiers older than 30 days and keeps younger ones", async () => {
    const { rollups, hourly } = await snapshot();
    const older = rollups.filter((rollup) => rollup.source === "host");
    expect(older.map((rollup) => rollup.bucketStart)).toEqual([new Date(Date.UTC(2020, 4, 17, 12))]);
    const olderHours = hourly.filter((hour) => hour.source === "host");
    expect(olderHours).toMatchObject([{ bucketStart: new Date(Date.UTC(2020, 4, 17, 12)), sampleCount: 9, totalKiBSum: 36000n, rssKiBSum: 13500n, rssCount: 9, usedCount: 0 }]);
  });

  it("changes nothing when it runs again at the same time", async () => {
    const before = await snapshot();
    const again = await runMemoryMaintenance({ now });
    expect(again).toMatchObject({ partitionsCreated: 0, droppedDays: [], rollups: 0, hourlyRollups: 0 });
    expect(await snapshot()).toEqual(before);
  });
});
