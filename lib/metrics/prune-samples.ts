import { batchDb } from "@/lib/db/client.ts";
import { RAW_RETENTION_MS, ROLLUP_RETENTION_MS } from "./retention.ts";
import { dropSamplePartitions } from "./sample-partitions.ts";

/**
 * Drops what the policy no longer keeps at `now`. Raw samples go a whole day's partition at a time,
 * once the day is past the raw retention and rolled up (`rolledUpTo`: every bucket before it is).
 * Roll-ups are few, and are deleted by time.
 */
export async function pruneSamples({ now, rolledUpTo }: { now: Date; rolledUpTo: Date }) {
  const rawCutoff = new Date(Math.min(now.getTime() - RAW_RETENTION_MS, rolledUpTo.getTime()));
  const rollupCutoff = new Date(now.getTime() - ROLLUP_RETENTION_MS);
  const droppedDays = await dropSamplePartitions({ cutoff: rawCutoff });
  const rollups = await batchDb().$executeRaw`DELETE FROM memory_rollups WHERE bucket_start < ${rollupCutoff}`;
  const hourlyRollups = await batchDb().$executeRaw`DELETE FROM memory_rollups_hourly WHERE bucket_start < ${rollupCutoff}`;
  return { droppedDays, rollups, hourlyRollups };
}
