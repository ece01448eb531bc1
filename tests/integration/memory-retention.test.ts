import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { runMemoryMaintenance } from "@/lib/metrics/maintenance.ts";
import { createHost, createServer, createUser } from "@/tests/support/factories.ts";

// The retention policy under a controlled clock, years before the samples other test files write,
// so this file's maintenance runs never touch their data.

const now = new Date("2020-06-15T12:02:30.000Z");
const threeDaysAgo = new Date("2020-06-12T12:00:00.000Z");
const rawCutoff = new Date("2020-06-14T12:00:00.000Z"); // now − 24 h, down to its 5-minute bucket

let serverId: string;

const snapshot = async () => ({
  samples: await db().memorySample.findMany({ where: { serverId }, orderBy: { at: "asc" } }),
  rollups: await db().memoryRollup.findMany({ where: { serverId }, orderBy: { bucketStart: "asc" } }),
});

beforeAll(async () => {
  const [owner, host] = await Promise.all([createUser(), createHost()]);
  serverId = (await createServer({ ownerId: owner.id, hostId: host.id })).id;
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
  await runMemoryMaintenance({ now });
});

describe("memory maintenance", () => {
  it("keeps raw samples only for the last 24 hours, in whole 5-minute buckets", async () => {
    const { samples } = await snapshot();
    expect(samples[0]?.at).toEqual(rawCutoff);
    expect(samples.at(-1)?.at.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(samples).toHaveLength(24 * 60 + 3);
  });

  it("rolls up older samples into 5-minute buckets with their min, average and max", async () => {
    const { rollups } = await snapshot();
    const twoDaysAgo = rollups.find((rollup) => rollup.bucketStart.getTime() === Date.UTC(2020, 5, 13, 12, 0));
    expect(twoDaysAgo).toMatchObject({
      source: "guest", sampleCount: 5, totalKiB: 4000n, balloonKiB: 4000n, availableKiB: 2000n, cacheKiB: 500n,
      usedMinKiB: 1000n, usedAvgKiB: 1200n, usedMaxKiB: 1400n, rssMinKiB: null, rssAvgKiB: null, rssMaxKiB: null,
    });
    const fromSamples = rollups.filter((rollup) => rollup.source === "guest");
    expect(fromSamples[0]?.bucketStart).toEqual(threeDaysAgo);
    // Every complete bucket is rolled up; the bucket still filling at `now` is not.
    expect(fromSamples.at(-1)?.bucketStart).toEqual(new Date("2020-06-15T11:55:00.000Z"));
    expect(fromSamples).toHaveLength(72 * 12);
  });

  it("prunes roll-ups older than 30 days and keeps younger ones", async () => {
    const { rollups } = await snapshot();
    const older = rollups.filter((rollup) => rollup.source === "host");
    expect(older.map((rollup) => rollup.bucketStart)).toEqual([new Date(Date.UTC(2020, 4, 17, 12))]);
  });

  it("changes nothing when it runs again at the same time", async () => {
    const before = await snapshot();
    await runMemoryMaintenance({ now });
    expect(await snapshot()).toEqual(before);
  });
});
