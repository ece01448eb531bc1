import type { Prisma } from "@/lib/db/client.ts";
import { ensureSamplePartitions, utcDay } from "./sample-partitions.ts";

/**
 * Stores memory readings in the caller's transaction, as one statement, and returns how many were
 * new. The days' partitions are made first when missing (a clock that jumped, maintenance that did
 * not run), so a report is never refused for want of one. A reading already stored for the same
 * server and moment (a re-sent report) is skipped.
 */
export async function recordMemorySamples(tx: Prisma.TransactionClient, samples: Prisma.MemorySampleCreateManyInput[]): Promise<number> {
  if (!samples.length) return 0;
  await ensureSamplePartitions(tx, samples.map((sample) => utcDay(new Date(sample.at))));
  const { count } = await tx.memorySample.createMany({ data: samples, skipDuplicates: true });
  return count;
}
