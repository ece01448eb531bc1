-- An hour of one server's five-minute roll-ups, so 30 days read 720 rows instead of 8,640. The
-- averages are kept as sample-weighted sums with the count of samples that reported each figure, so
-- a wider average computed from hours equals the one computed from the five-minute roll-ups exactly.
CREATE TABLE "memory_rollups_hourly" (
    "server_id" UUID NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "source" "MemorySource" NOT NULL,
    "sample_count" INTEGER NOT NULL,
    "total_kib_sum" BIGINT NOT NULL,
    "balloon_kib_sum" BIGINT,
    "balloon_count" INTEGER NOT NULL,
    "available_kib_sum" BIGINT,
    "available_count" INTEGER NOT NULL,
    "cache_kib_sum" BIGINT,
    "cache_count" INTEGER NOT NULL,
    "used_min_kib" BIGINT,
    "used_kib_sum" BIGINT,
    "used_count" INTEGER NOT NULL,
    "used_max_kib" BIGINT,
    "rss_min_kib" BIGINT,
    "rss_kib_sum" BIGINT,
    "rss_count" INTEGER NOT NULL,
    "rss_max_kib" BIGINT,

    CONSTRAINT "memory_rollups_hourly_pkey" PRIMARY KEY ("server_id","bucket_start")
);

-- Covers the chart query, as memory_rollups_chart_idx does for five minutes: one server's month is 720
-- neighbouring index entries, not 720 rows scattered over a month of every server's hours.
CREATE INDEX "memory_rollups_hourly_chart_idx" ON "memory_rollups_hourly"("server_id", "bucket_start", "sample_count", "total_kib_sum", "balloon_kib_sum", "balloon_count", "available_kib_sum", "available_count", "cache_kib_sum", "cache_count", "used_kib_sum", "used_count", "rss_kib_sum", "rss_count");

CREATE INDEX "memory_rollups_hourly_bucket_start_idx" ON "memory_rollups_hourly"("bucket_start");

ALTER TABLE "memory_rollups_hourly" ADD CONSTRAINT "memory_rollups_hourly_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "servers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
