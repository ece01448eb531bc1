import { beforeAll, describe, expect, it } from "vitest";
import { batchDb, db } from "@/lib/db/client.ts";
import { forgetKeptPoints, keptPoints } from "@/lib/metrics/finished-points.ts";
import type { MemoryRange } from "@/lib/metrics/memory-ranges.ts";
import { getMemorySeries, seriesWindow } from "@/lib/metrics/memory-series.ts";
import { recordMemorySamples } from "@/lib/metrics/record-samples.ts";
import { floorToHour, rollupHours } from "@/lib/metrics/rollup-hours.ts";
import { floorToBucket, rollupSamples } from "@/lib/metrics/rollup-samples.ts";
import { ensureSamplePartitions, utcDaysBetween } from "@/lib/metrics/sample-partitions.ts";
import { createHost, createServer, createUser } from "@/tests/support/factories.ts";

// The points a chart keeps between polls (lib/metrics/finished-points.ts) answer exactly what a
// process that kept nothing answers, as time moves on, late samples arrive and maintenance rolls them
// up. A September of 2022 is this file's alone: it rolls up without the maintenance job, so it never
// drops another file's days.

const t0 = new Date("2022-09-30T12:07:40.000Z");
const t1 = new Date("2022-09-30T14:31:20.000Z"); // a poll 2 h 24 min later: every range has moved on
const rolledUpBefore = new Date("2022-09-30T11:50:00.000Z"); // five-minute roll-ups exist before this at t0; raw samples after it
const monthBefore = new Date(t0.getTime() - 31 * 24 * 3_600_000);
const RANGES = ["24h", "7d", "30d"] as const;

let serverId: string;
let actor: { userId: string; role: "customer"; via: "api_token"; scope: "read" };
const series = (range: MemoryRange, now: Date) => getMemorySeries({ actor, serverId, range, now });

beforeAll(async () => {
  const [owner, host] = await Promise.all([createUser(), createHost()]);
  serverId = (await createServer({ ownerId: owner.id, hostId: host.id })).id;
  actor = { userId: owner.id, role: "customer", via: "api_token", scope: "read" };
  // A month of five-minute roll-ups, as maintenance left them, with figures that never repeat in step with the buckets.
  await batchDb().$executeRaw`
    INSERT INTO memory_rollups (server_id, bucket_start, source, sample_count, total_kib, balloon_kib, available_kib, cache_kib,
                                used_min_kib, used_avg_kib, used_max_kib, rss_min_kib, rss_avg_kib, rss_max_kib)
    SELECT ${serverId}::uuid, at, 'guest', 30, 8388608, 8388608 - n % 89 * 1024, 5000000 - n % 991 * 29, 700000 + n % 983 * 11,
           1900000, 2000000 + n % 997 * 37, 2100000, NULL, NULL, NULL
    FROM generate_series(${floorToBucket(monthBefore)}::timestamptz, ${new Date(rolledUpBefore.getTime() - 300_000)}::timestamptz, interval '5 minutes') AS at,
         LATERAL (SELECT extract(epoch FROM at)::bigint / 300 AS n) AS figures`;
  await rollupHours({ from: floorToHour(new Date(monthBefore.getTime() + 3_600_000)), to: floorToHour(rolledUpBefore) });
  // Raw samples every 10 s from there to the later poll.
  await db().$transaction((tx) => ensureSamplePartitions(tx, utcDaysBetween(rolledUpBefore, t1)));
  await db().$executeRaw`
    INSERT INTO memory_samples (server_id, at, source, total_kib, balloon_kib, used_kib, available_kib, cache_kib, rss_kib)
    SELECT ${serverId}::uuid, at, 'guest', 8388608, 8388608 - n % 89 * 1024, 2000000 + n % 997 * 37, 5000000 - n % 991 * 29, 700000 + n % 983 * 11, NULL
    FROM generate_series(${rolledUpBefore}::timestamptz, ${t1}::timestamptz, interval '10 seconds') AS at,
         LATERAL (SELECT extract(epoch FROM at)::bigint / 10 AS n) AS figures`;
});

describe("the points a chart keeps between polls", () => {
  it("keeps the final whole buckets of each roll-up range, and answers as a process that kept nothing", async () => {
    forgetKeptPoints();
    for (const range of RANGES) {
      const first = await series(range, t0);
      const { stepMs, firstWhole } = seriesWindow(range, t0);
      const kept = keptPoints(serverId, range, { from: firstWhole, present: t0.getTime() });
      // Kept: whole buckets that end at least 10 minutes before the newest roll-up (11:45), and none after.
      expect(kept.points.length).toBeGreaterThan(100);
      expect(kept.until).toBeLessThanOrEqual(new Date("2022-09-30T11:35:00.000Z").getTime());
      expect(kept.until).toBeGreaterThan(new Date("2022-09-30T11:35:00.000Z").getTime() - stepMs);
      expect(await series(range, t0)).toStrictEqual(first);
    }
  });

  it("answers a later poll, after late samples and maintenance, exactly as a process that kept nothing", async () => {
    forgetKeptPoints();
    for (const range of RANGES) await series(range, t0);
    // A sample arrives late for 11:52, after t0's poll kept what it could; maintenance then rolls up to 14:25.
    await db().$executeRaw`
      INSERT INTO memory_samples (server_id, at, source, total_kib, balloon_kib, used_kib, available_kib, cache_kib, rss_kib)
      VALUES (${serverId}::uuid, ${new Date("2022-09-30T11:52:05.000Z")}, 'guest', 8388608, 1048576, 7999999, 100000, 100000, NULL)`;
    await rollupSamples({ from: rolledUpBefore, to: floorToBucket(new Date(t1.getTime() - 300_000)) });
    await rollupHours({ from: floorToHour(rolledUpBefore), to: floorToHour(t1) });

    const polled = await Promise.all(RANGES.map((range) => series(range, t1)));
    forgetKeptPoints();
    const fresh = await Promise.all(RANGES.map((range) => series(range, t1)));
    expect(polled).toStrictEqual(fresh);
    // The late sample counts in the 24-hour chart's 11:50 point, which was read again rather than kept.
    const late = fresh[0]?.points.find((point) => point.at === "2022-09-30T11:50:00.000Z");
    expect(late?.usedKiB).toBeGreaterThan(2_100_000); // the month's own figures stay under 2,036,852
  });

  it("answers an earlier moment than the points it keeps (a clock set back) as a process that kept nothing", async () => {
    forgetKeptPoints();
    for (const range of RANGES) await series(range, t1);
    const earlier = await Promise.all(RANGES.map((range) => series(range, t0)));
    forgetKeptPoints();
    expect(earlier).toStrictEqual(await Promise.all(RANGES.map((range) => series(range, t0))));
  });

  it("reads the last hour's kept buckets again when a report brings a sample late for one of them", async () => {
    forgetKeptPoints();
    await series("1h", t0);
    const { firstWhole } = seriesWindow("1h", t0);
    expect(keptPoints(serverId, "1h", { from: firstWhole, present: t0.getTime() }).points.length).toBeGreaterThan(30);
    // The agent's sample for 11:58:05 comes with a report after the buckets around it were kept.
    const later = new Date(t0.getTime() + 20_000);
    await db().$transaction((tx) =>
      recordMemorySamples(tx, [{ serverId, at: new Date("2022-09-30T11:58:05.000Z"), source: "guest", totalKiB: 8388608n, balloonKiB: 1048576n, usedKiB: 7999999n, availableKiB: 100000n, cacheKiB: 100000n }], later),
    );
    const polled = await series("1h", later);
    forgetKeptPoints();
    expect(polled).toStrictEqual(await series("1h", later));
    // The 11:58:00 bucket averages its two samples and the late one.
    expect(polled.points.find((point) => point.at === "2022-09-30T11:58:10.000Z")?.usedKiB).toBeGreaterThan(3_500_000);
  });
});
