import type { Prisma } from "@/lib/db/client.ts";
import { ensureSamplePartitions, utcDay } from "./sample-partitions.ts";

/**
 * A reading this much older than its arrival is late: the memory chart may already keep the bucket it
 * falls in (it keeps the last hour's buckets a minute after they end: memory-series.ts), so its
 * server's late_samples_version is counted up and the chart reads the hour again. Half that minute,
 * so clocks of app instances a few seconds apart still agree.
 */
const LATE_SAMPLE_AFTER_MS = 30_000;

/**
 * Stores memory readings in the caller's transaction, as one statement, and returns how many were
 * new. The days' partitions are made first when missing (a clock that jumped, maintenance that did
 * not run), so a report is never refused for want of one. A reading already stored for the same
 * server and moment (a re-sent report) is skipped. A late reading (see LATE_SAMPLE_AFTER_MS) counts
 * its server's late_samples_version up, in a second statement that a report on time never needs.
 */
export async function recordMemorySamples(tx: Prisma.TransactionClient, samples: Prisma.MemorySampleCreateManyInput[], now = new Date()): Promise<number> {
  if (!samples.length) return 0;
  await ensureSamplePartitions(tx, samples.map((sample) => utcDay(new Date(sample.at))));
  const { count } = await tx.memorySample.createMany({ data: samples, skipDuplicates: true });
  const late = [...new Set(samples.filter((sample) => new Date(sample.at).getTime() < now.getTime() - LATE_SAMPLE_AFTER_MS).map((sample) => sample.serverId))];
  // Only when a reading was late, which a report on time never is: no write to servers otherwise.
  if (late.length) {
    await tx.$executeRaw`UPDATE servers SET late_samples_version = late_samples_version + 1 WHERE id = ANY(${late}::uuid[])`;
  }
  return count;
}
