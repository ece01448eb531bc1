import { batchDb } from "@/lib/db/client.ts";
import { RAW_RETENTION_MS, ROLLUP_RETENTION_MS } from "./retention.ts";
import { floorToBucket } from "./rollup-samples.ts";

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
