-- What a host agent reports of its node: physical memory and CPUs (the capacity that guaranteed
-- memory is admitted against), its own version, and the domains it saw last (what an operator's
-- import reads, including domains no server is known by yet).
ALTER TABLE "hosts"
    ADD COLUMN "memory_kib" BIGINT,
    ADD COLUMN "cpus" INTEGER,
    ADD COLUMN "agent_version" TEXT,
    ADD COLUMN "domains" JSONB,
    ADD COLUMN "domains_reported_at" TIMESTAMPTZ(3);
