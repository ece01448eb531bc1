import { batchDb, type Prisma } from "@/lib/db/client.ts";

// memory_samples has one native partition per UTC day. The SQL functions behind these calls
// (migration 20261204030000_memory_sample_partitions) create and drop them under advisory locks, so
// an insert never races a drop of its own day and two creators never race each other.

const DAY_MS = 24 * 60 * 60_000;

/** Days created ahead of time by maintenance: yesterday (for samples a little late), today and the next two. */
const DAYS_PREPARED = [-1, 0, 1, 2];

/** The UTC day of a moment, as PostgreSQL's date reads it: "2026-12-04". */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** The UTC days from the one holding `from` to the one holding `to`. */
export function utcDaysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let day = Date.parse(utcDay(from)); day <= to.getTime(); day += DAY_MS) days.push(utcDay(new Date(day)));
  return days;
}

/**
 * Makes sure the partitions of these days exist, in the caller's transaction, and returns how many it
 * created. Run by a transaction before it inserts samples: it then holds a lock that keeps these days
 * from being dropped until it commits.
 */
export async function ensureSamplePartitions(client: Prisma.TransactionClient, days: Iterable<string>): Promise<number> {
  const unique = [...new Set(days)].sort();
  if (!unique.length) return 0;
  const [result] = await client.$queryRaw<{ created: number }[]>`SELECT ensure_memory_sample_partitions(${unique}::date[]) AS created`;
  return result?.created ?? 0;
}

/** Creates the partitions of the days around `now` that samples will soon need. One statement, its own transaction. */
export async function prepareSamplePartitions({ now }: { now: Date }): Promise<number> {
  const days = DAYS_PREPARED.map((offset) => utcDay(new Date(now.getTime() + offset * DAY_MS)));
  return ensureSamplePartitions(batchDb(), days);
}

/** Drops the partitions of the days that end at or before `cutoff`, and returns those days. One statement, its own transaction. */
export async function dropSamplePartitions({ cutoff }: { cutoff: Date }): Promise<string[]> {
  const dropped = await batchDb().$queryRaw<{ day: Date }[]>`SELECT drop_memory_sample_partitions(${cutoff}) AS day`;
  return dropped.map((row) => utcDay(row.day));
}
