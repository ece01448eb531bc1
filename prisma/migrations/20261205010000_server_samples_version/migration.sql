-- Counts the reports that brought a server readings for moments already past (an agent's clock
-- behind, a report held back): the memory chart keeps the buckets of the last hour between polls
-- while this number stays the same (lib/metrics/finished-points.ts).
ALTER TABLE "servers" ADD COLUMN "late_samples_version" BIGINT NOT NULL DEFAULT 0;
