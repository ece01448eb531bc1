-- CreateTable
CREATE TABLE "memory_rollups" (
    "server_id" UUID NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "source" "MemorySource" NOT NULL,
    "sample_count" INTEGER NOT NULL,
    "total_kib" BIGINT NOT NULL,
    "balloon_kib" BIGINT,
    "available_kib" BIGINT,
    "cache_kib" BIGINT,
    "used_min_kib" BIGINT,
    "used_avg_kib" BIGINT,
    "used_max_kib" BIGINT,
    "rss_min_kib" BIGINT,
    "rss_avg_kib" BIGINT,
    "rss_max_kib" BIGINT,

    CONSTRAINT "memory_rollups_pkey" PRIMARY KEY ("server_id","bucket_start")
);

-- CreateIndex
CREATE INDEX "memory_samples_at_idx" ON "memory_samples" USING BRIN ("at");

-- CreateIndex
CREATE INDEX "memory_rollups_chart_idx" ON "memory_rollups"("server_id", "bucket_start", "sample_count", "total_kib", "balloon_kib", "used_avg_kib", "available_kib", "cache_kib", "rss_avg_kib");

-- CreateIndex
CREATE INDEX "memory_rollups_bucket_start_idx" ON "memory_rollups"("bucket_start");

-- AddForeignKey
ALTER TABLE "memory_rollups" ADD CONSTRAINT "memory_rollups_server_id_fkey" FOREIGN KEY ("server_id") REFERENCES "servers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
