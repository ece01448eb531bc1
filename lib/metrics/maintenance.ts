import { batchDb } from "@/lib/db/client.ts";
import { pruneSamples } from "./prune-samples.ts";
import { floorToHour, HOUR_MS, rollupHours } from "./rollup-hours.ts";
import { floorToBucket, rollupSamples, ROLLUP_BUCKET_MS } from "./rollup-samples.ts";
import { prepareSamplePartitions } from "./sample-partitions.ts";

// The scheduled memory-metrics job: make the partitions samples will need, roll up what has arrived
// into five-minute and then hourly roll-ups, then drop what the policy no longer keeps (raw days only
// once rolled up). Run it every few minutes; running it twice, or after a pause, is harmless.

/** Buckets this recent are rolled up again on every run, for samples that arrive late. */
const LATE_SAMPLE_MS = 3 * ROLLUP_BUCKET_MS;

/**
 * A server's five-minute roll-ups this far before its newest one are never written again. A run
 * rolls up from the newest roll-up of all servers (plus a bucket) or from LATE_SAMPLE_MS before the
 * present, whichever is earlier; both are at most this far before any server's newest roll-up, and
 * raw samples older than a server's newest roll-up are never rolled up. The memory chart keeps the
 * points before it (lib/metrics/finished-points.ts). Hourly roll-ups only sum these rows.
 */
export const ROLLUPS_FINAL_BEFORE_NEWEST_MS = LATE_SAMPLE_MS - ROLLUP_BUCKET_MS;
/** A first hourly run over a month of roll-ups goes a day per statement, so no statement runs long. */
const HOURLY_CHUNK_MS = 24 * HOUR_MS;

export async function runMemoryMaintenance({ now = new Date() }: { now?: Date } = {}) {
  const partitionsCreated = await prepareSamplePartitions({ now });
  const to = floorToBucket(now);
  const from = await rollupStart(to);
  const buckets = from ? await rollupSamples({ from, to }) : 0;
  // Only whole hours: the hour under way is read from its five-minute roll-ups until it ends.
  const hoursTo = floorToHour(to);
  const hoursFrom = await hourlyRollupStart(hoursTo, from);
  let hours = 0;
  for (let start = hoursFrom; start && start < hoursTo; start = new Date(start.getTime() + HOURLY_CHUNK_MS)) {
    hours += await rollupHours({ from: start, to: new Date(Math.min(start.getTime() + HOURLY_CHUNK_MS, hoursTo.getTime())) });
  }
  const pruned = await pruneSamples({ now, rolledUpTo: to });
  return { partitionsCreated, buckets, hours, ...pruned };
}

/** Where rolling up resumes: after the newest roll-up (less a margin), or at the oldest raw sample on a first run. */
async function rollupStart(to: Date): Promise<Date | null> {
  const [newest] = await batchDb().$queryRaw<{ bucket: Date | null }[]>`
    SELECT max(bucket_start) AS bucket FROM memory_rollups WHERE bucket_start < ${to}`;
  const margin = new Date(to.getTime() - LATE_SAMPLE_MS);
  if (newest?.bucket) return new Date(Math.min(newest.bucket.getTime() + ROLLUP_BUCKET_MS, margin.getTime()));
  const [oldest] = await batchDb().$queryRaw<{ at: Date | null }[]>`SELECT min(at) AS at FROM memory_samples WHERE at < ${to}`;
  return oldest?.at ? floorToBucket(oldest.at) : null;
}

/**
 * Where the hourly roll-up resumes: at the hour of the first five-minute bucket this run refreshed,
 * or earlier if hours were left behind; at the oldest five-minute roll-up on a first run.
 */
async function hourlyRollupStart(to: Date, refreshedFrom: Date | null): Promise<Date | null> {
  const [newest] = await batchDb().$queryRaw<{ bucket: Date | null }[]>`
    SELECT max(bucket_start) AS bucket FROM memory_rollups_hourly WHERE bucket_start < ${to}`;
  if (newest?.bucket) {
    const next = newest.bucket.getTime() + HOUR_MS;
    return new Date(refreshedFrom ? Math.min(next, floorToHour(refreshedFrom).getTime()) : next);
  }
  const [oldest] = await batchDb().$queryRaw<{ bucket: Date | null }[]>`
    SELECT min(bucket_start) AS bucket FROM memory_rollups WHERE bucket_start < ${to}`;
  return oldest?.bucket ? floorToHour(oldest.bucket) : null;
}
