import { batchDb } from "@/lib/db/client.ts";
import { pruneSamples } from "./prune-samples.ts";
import { floorToBucket, rollupSamples, ROLLUP_BUCKET_MS } from "./rollup-samples.ts";

// The scheduled memory-metrics job: roll up what has arrived, then prune what the policy drops.
// Run it every few minutes; running it twice, or after a pause, is harmless.

/** Buckets this recent are rolled up again on every run, for samples that arrive late. */
const LATE_SAMPLE_MS = 3 * ROLLUP_BUCKET_MS;

export async function runMemoryMaintenance({ now = new Date() }: { now?: Date } = {}) {
  const to = floorToBucket(now);
  const from = await rollupStart(to);
  const buckets = from ? await rollupSamples({ from, to }) : 0;
  const pruned = await pruneSamples({ now });
  return { buckets, ...pruned };
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
