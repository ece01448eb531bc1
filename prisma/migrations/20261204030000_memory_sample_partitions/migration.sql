-- Raw memory samples live in one native partition per UTC day, so retention drops whole days
-- instead of deleting rows. The key is (server_id, at): a partitioned table's key must hold the
-- partition column, and a re-sent report then adds nothing (ON CONFLICT DO NOTHING). The surrogate
-- id goes; nothing refers to a sample by it.
ALTER TABLE "memory_samples" RENAME TO "memory_samples_unpartitioned";
ALTER TABLE "memory_samples_unpartitioned" RENAME CONSTRAINT "memory_samples_pkey" TO "memory_samples_unpartitioned_pkey";
ALTER TABLE "memory_samples_unpartitioned" RENAME CONSTRAINT "memory_samples_server_id_fkey" TO "memory_samples_unpartitioned_server_id_fkey";
ALTER INDEX "memory_samples_server_id_at_idx" RENAME TO "memory_samples_unpartitioned_server_id_at_idx";
ALTER INDEX "memory_samples_at_idx" RENAME TO "memory_samples_unpartitioned_at_idx";

CREATE TABLE "memory_samples" (
    "server_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "source" "MemorySource" NOT NULL,
    "total_kib" BIGINT NOT NULL,
    "balloon_kib" BIGINT,
    "used_kib" BIGINT,
    "available_kib" BIGINT,
    "cache_kib" BIGINT,
    "rss_kib" BIGINT,

    CONSTRAINT "memory_samples_pkey" PRIMARY KEY ("server_id", "at")
) PARTITION BY RANGE ("at");

-- The roll-up reads a few minutes of every server; BRIN finds them in a day's time-ordered rows.
CREATE INDEX "memory_samples_at_idx" ON "memory_samples" USING BRIN ("at");

-- No foreign key to servers: each new partition would copy it, and adding one locks servers against
-- every writer, so a report creating its day's partition would wait for (and deadlock with) other
-- reports. Samples are written only for servers a report found, and leave with their day.

-- Every partition is created, and dropped, through the two functions below. Two advisory locks keep
-- them apart: a transaction inserting samples holds the first shared until it commits and a drop
-- holds it exclusively, so a sample never meets its day's partition being dropped under it;
-- creators of partitions take the second, so two of them never race to create the same day.

-- Makes sure the partitions of these UTC days exist, creating the missing ones, and returns how many
-- it created. Called by the transaction about to insert samples of these days, and ahead of time by
-- maintenance. The common case (all exist) costs a catalog look-up per day.
-- A day's partition: memory_samples_pYYYYMMDD, beside its parent (in the parent's schema).
CREATE FUNCTION "memory_sample_partition_name"(day DATE) RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT format('%I.%I', n.nspname, 'memory_samples_p' || to_char(day, 'YYYYMMDD'))
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = '"memory_samples"'::regclass
$$;

CREATE FUNCTION "ensure_memory_sample_partitions"(days DATE[]) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  parent OID := '"memory_samples"'::regclass;
  day DATE;
  created INTEGER := 0;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(parent::INTEGER, 1);
  IF NOT EXISTS (SELECT 1 FROM unnest(days) AS d WHERE to_regclass("memory_sample_partition_name"(d)) IS NULL) THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(parent::INTEGER, 2);
  FOREACH day IN ARRAY days LOOP
    IF to_regclass("memory_sample_partition_name"(day)) IS NULL THEN
      EXECUTE format('CREATE TABLE %s PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
        "memory_sample_partition_name"(day), parent::regclass,
        day::TIMESTAMP AT TIME ZONE 'UTC', (day + 1)::TIMESTAMP AT TIME ZONE 'UTC');
      created := created + 1;
    END IF;
  END LOOP;
  RETURN created;
END $$;

-- Drops the partitions of days that end at or before `cutoff` and returns those days. Waits at most
-- a few seconds for readers of memory_samples; a run that gives up leaves the days to the next run.
CREATE FUNCTION "drop_memory_sample_partitions"(cutoff TIMESTAMPTZ) RETURNS SETOF DATE
LANGUAGE plpgsql AS $$
DECLARE
  parent OID := '"memory_samples"'::regclass;
  old_partition RECORD;
BEGIN
  PERFORM set_config('lock_timeout', '5s', true);
  PERFORM pg_advisory_xact_lock(parent::INTEGER, 1);
  FOR old_partition IN
    SELECT to_date(substring(child.relname FROM 17), 'YYYYMMDD') AS day
    FROM pg_inherits JOIN pg_class child ON child.oid = pg_inherits.inhrelid
    WHERE pg_inherits.inhparent = parent AND child.relname ~ '^memory_samples_p[0-9]{8}$'
    ORDER BY 1
  LOOP
    IF (old_partition.day + 1)::TIMESTAMP AT TIME ZONE 'UTC' <= cutoff THEN
      EXECUTE format('DROP TABLE %s', "memory_sample_partition_name"(old_partition.day));
      RETURN NEXT old_partition.day;
    END IF;
  END LOOP;
END $$;

-- The days the existing samples need, and the days around this one, so samples arriving right after
-- the migration find their partition; then the samples move over (duplicates of a server's moment,
-- which the old key allowed, keep the first row).
SELECT "ensure_memory_sample_partitions"(ARRAY(
  SELECT DISTINCT ("at" AT TIME ZONE 'UTC')::DATE FROM "memory_samples_unpartitioned"
  UNION
  SELECT (now() AT TIME ZONE 'UTC')::DATE + offset_days FROM generate_series(-1, 2) AS offset_days));

INSERT INTO "memory_samples" ("server_id", "at", "source", "total_kib", "balloon_kib", "used_kib", "available_kib", "cache_kib", "rss_kib")
SELECT "server_id", "at", "source", "total_kib", "balloon_kib", "used_kib", "available_kib", "cache_kib", "rss_kib"
FROM "memory_samples_unpartitioned"
ORDER BY "id"
ON CONFLICT DO NOTHING;

DROP TABLE "memory_samples_unpartitioned";
