import { batchDb } from "@/lib/db/client.ts";

// Raw samples become one row per server and five minutes: min/avg/max of the figures a chart
// plots, averages of the rest. Recomputing a bucket from its samples gives the same row, so a
// window can be rolled up any number of times (late samples simply refresh their bucket).

export const ROLLUP_BUCKET_MS = 5 * 60_000;

export const floorToBucket = (time: Date) => new Date(Math.floor(time.getTime() / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS);

/** Rolls up the samples with `from <= at < to` (both bucket-aligned) and returns how many buckets it wrote. */
export async function rollupSamples({ from, to }: { from: Date; to: Date }): Promise<number> {
  if (from.getTime() % ROLLUP_BUCKET_MS !== 0 || to.getTime() % ROLLUP_BUCKET_MS !== 0) {
    throw new Error("A roll-up window must start and end on a 5-minute boundary");
  }
  if (from >= to) return 0;
  return batchDb().$executeRaw`
    INSERT INTO memory_rollups AS r (
      server_id, bucket_start, source, sample_count, total_kib, balloon_kib, available_kib, cache_kib,
      used_min_kib, used_avg_kib, used_max_kib, rss_min_kib, rss_avg_kib, rss_max_kib)
    SELECT server_id,
           date_bin(interval '5 minutes', at, timestamptz '2000-01-01 00:00:00+00'),
           (array_agg(source ORDER BY at DESC))[1],
           count(*)::int,
           round(avg(total_kib))::bigint, round(avg(balloon_kib))::bigint,
           round(avg(available_kib))::bigint, round(avg(cache_kib))::bigint,
           min(used_kib), round(avg(used_kib))::bigint, max(used_kib),
           min(rss_kib), round(avg(rss_kib))::bigint, max(rss_kib)
    FROM memory_samples
    WHERE at >= ${from} AND at < ${to}
    GROUP BY 1, 2
    ON CONFLICT (server_id, bucket_start) DO UPDATE SET
      source = EXCLUDED.source, sample_count = EXCLUDED.sample_count, total_kib = EXCLUDED.total_kib,
      balloon_kib = EXCLUDED.balloon_kib, available_kib = EXCLUDED.available_kib, cache_kib = EXCLUDED.cache_kib,
      used_min_kib = EXCLUDED.used_min_kib, used_avg_kib = EXCLUDED.used_avg_kib, used_max_kib = EXCLUDED.used_max_kib,
      rss_min_kib = EXCLUDED.rss_min_kib, rss_avg_kib = EXCLUDED.rss_avg_kib, rss_max_kib = EXCLUDED.rss_max_kib
    WHERE (r.source, r.sample_count, r.total_kib, r.balloon_kib, r.available_kib, r.cache_kib, r.used_min_kib,
           r.used_avg_kib, r.used_max_kib, r.rss_min_kib, r.rss_avg_kib, r.rss_max_kib)
      IS DISTINCT FROM
          (EXCLUDED.source, EXCLUDED.sample_count, EXCLUDED.total_kib, EXCLUDED.balloon_kib, EXCLUDED.available_kib,
           EXCLUDED.cache_kib, EXCLUDED.used_min_kib, EXCLUDED.used_avg_kib, EXCLUDED.used_max_kib,
           EXCLUDED.rss_min_kib, EXCLUDED.rss_avg_kib, EXCLUDED.rss_max_kib)`;
}
