-- Guaranteed memory is admitted: a KVM server with ballooning disabled reserves its whole plan on
-- its host, and a host reserves no more than its physical memory minus a headroom kept for the
-- node's own system and QEMU's overhead. The headroom is the host's own here, or, when NULL, the
-- dashboard's default (GUARANTEED_MEMORY_HEADROOM_MIB). Reservations themselves are not stored:
-- they are the servers' desired ballooning, summed through the servers' (host_id, …) index.
ALTER TABLE "hosts" ADD COLUMN "memory_headroom_mib" INTEGER;
ALTER TABLE "hosts" ADD CONSTRAINT "hosts_memory_headroom_mib_check" CHECK ("memory_headroom_mib" >= 0);
