import { batchDb } from "@/lib/db/client.ts";
import { floorToBucket } from "./rollup-samples.ts";

// The retention policy: raw samples for a day, five-minute roll-ups for 30 days.

export const RAW_RETENTION_MS = 24 * 60 * 60_000;
export const ROLLUP_RETENTION_MS = 30 * 24 * 60 * 60_000;

/**
 * Deletes what the policy no longer keeps at `now`. Raw samples go in whole 5-minute buckets, so a
 * bucket that is rolled up again never loses part of its samples first.
 */
export async function pruneSamples({ now }: { now: Date }): Promise<{ samples: number; rollups: number }> {
  const rawCutoff = floorToBucket(new Date(now.getTime() - RAW_RETENTION_MS));
  const rollupCutoff = new Date(now.getTime() - ROLLUP_RETENTION_MS);
  const samples = await batchDb().$executeRaw`DELETE FROM memory_samples WHERE at < ${rawCutoff}`;
  const rollups = await batchDb().$executeRaw`DELETE FROM memory_rollups WHERE bucket_start < ${rollupCutoff}`;
  return { samples, rollups };
}
