import { batchDb, type Prisma } from "@/lib/db/client.ts";

// Five-minute roll-ups become one row per server and hour, so a month reads 720 rows, not 8,640.
// Averages stay sums weighted by sample count, with the count of samples behind each figure: an
// average over any set of hours is then exactly the one over their five-minute roll-ups. Like the
// five-minute roll-up, recomputing an hour gives the same row, so a window may be rolled up again.

export const HOUR_MS = 60 * 60_000;

export const floorToHour = (time: Date) => new Date(Math.floor(time.getTime() / HOUR_MS) * HOUR_MS);

/** Rolls up the five-minute roll-ups with `from <= bucket_start < to` (both on the hour) and returns how many hours it wrote. */
export async function rollupHours({ from, to, client = batchDb() }: { from: Date; to: Date; client?: Prisma.TransactionClient }): Promise<number> {
  if (from.getTime() % HOUR_MS !== 0 || to.getTime() % HOUR_MS !== 0) {
    throw new Error("An hourly roll-up window must start and end on the hour");
  }
  if (from >= to) return 0;
  return client.$executeRaw`
    INSERT INTO memory_rollups_hourly AS h (
      server_id, bucket_start, source, sample_count, total_kib_sum, balloon_kib_sum, balloon_count,
      available_kib_sum, available_count, cache_kib_sum, cache_count, used_min_kib, used_kib_sum, used_count,
      used_max_kib, rss_min_kib, rss_kib_sum, rss_count, rss_max_kib)
    SELECT server_id,
           date_bin(interval '1 hour', bucket_start, timestamptz '2000-01-01 00:00:00+00'),
           (array_agg(source ORDER BY bucket_start DESC))[1],
           sum(sample_count)::int,
           sum(total_kib * sample_count)::bigint,
           sum(balloon_kib * sample_count)::bigint, coalesce(sum(sample_count) FILTER (WHERE balloon_kib IS NOT NULL), 0)::int,
           sum(available_kib * sample_count)::bigint, coalesce(sum(sample_count) FILTER (WHERE available_kib IS NOT NULL), 0)::int,
           sum(cache_kib * sample_count)::bigint, coalesce(sum(sample_count) FILTER (WHERE cache_kib IS NOT NULL), 0)::int,
           min(used_min_kib), sum(used_avg_kib * sample_count)::bigint,
           coalesce(sum(sample_count) FILTER (WHERE used_avg_kib IS NOT NULL), 0)::int, max(used_max_kib),
           min(rss_min_kib), sum(rss_avg_kib * sample_count)::bigint,
           coalesce(sum(sample_count) FILTER (WHERE rss_avg_kib IS NOT NULL), 0)::int, max(rss_max_kib)
    FROM memory_rollups
    WHERE bucket_start >= ${from} AND bucket_start < ${to}
    GROUP BY 1, 2
    ON CONFLICT (server_id, bucket_start) DO UPDATE SET
      source = EXCLUDED.source, sample_count = EXCLUDED.sample_count, total_kib_sum = EXCLUDED.total_kib_sum,
      balloon_kib_sum = EXCLUDED.balloon_kib_sum, balloon_count = EXCLUDED.balloon_count,
      available_kib_sum = EXCLUDED.available_kib_sum, available_count = EXCLUDED.available_count,
      cache_kib_sum = EXCLUDED.cache_kib_sum, cache_count = EXCLUDED.cache_count,
      used_min_kib = EXCLUDED.used_min_kib, used_kib_sum = EXCLUDED.used_kib_sum, used_count = EXCLUDED.used_count,
      used_max_kib = EXCLUDED.used_max_kib, rss_min_kib = EXCLUDED.rss_min_kib, rss_kib_sum = EXCLUDED.rss_kib_sum,
      rss_count = EXCLUDED.rss_count, rss_max_kib = EXCLUDED.rss_max_kib
    WHERE (h.source, h.sample_count, h.total_kib_sum, h.balloon_kib_sum, h.balloon_count, h.available_kib_sum,
           h.available_count, h.cache_kib_sum, h.cache_count, h.used_min_kib, h.used_kib_sum, h.used_count,
           h.used_max_kib, h.rss_min_kib, h.rss_kib_sum, h.rss_count, h.rss_max_kib)
      IS DISTINCT FROM
          (EXCLUDED.source, EXCLUDED.sample_count, EXCLUDED.total_kib_sum, EXCLUDED.balloon_kib_sum,
           EXCLUDED.balloon_count, EXCLUDED.available_kib_sum, EXCLUDED.available_count, EXCLUDED.cache_kib_sum,
           EXCLUDED.cache_count, EXCLUDED.used_min_kib, EXCLUDED.used_kib_sum, EXCLUDED.used_count,
           EXCLUDED.used_max_kib, EXCLUDED.rss_min_kib, EXCLUDED.rss_kib_sum, EXCLUDED.rss_count, EXCLUDED.rss_max_kib)`;
}
