import { chmod, cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client.ts";
import { migrateDatabase } from "@/lib/db/migrate.ts";
import { ensureSamplePartitions, utcDay } from "@/lib/metrics/sample-partitions.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";

// Each test here works on databases of its own, created empty and dropped at the end.

const adminUrl = inject("adminDatabaseUrl");
const createdDatabases: ScratchDatabase[] = [];

async function createEmptyDatabase(): Promise<string> {
  const database = await createScratchDatabase(adminUrl, "migrations");
  createdDatabases.push(database);
  return database.url;
}

async function query<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const database of createdDatabases) await database.drop();
});

const migrationNames = async () =>
  (await readdir(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe("migrateDatabase", () => {
  let migratedUrl: string;
  beforeAll(async () => {
    migratedUrl = await createEmptyDatabase();
  });

  it("applies every migration to an empty database and returns their names, in order", async () => {
    const expected = await migrationNames();
    expect(expected.length).toBeGreaterThan(0);
    expect(await migrateDatabase(migratedUrl)).toEqual(expected);
  });

  it("applies nothing on a second run", async () => {
    expect(await migrateDatabase(migratedUrl)).toEqual([]);
  });

  it("applies each migration exactly once when three callers migrate at the same time", async () => {
    const url = await createEmptyDatabase();
    const results = await Promise.all([migrateDatabase(url), migrateDatabase(url), migrateDatabase(url)]);
    expect(results.flat().sort()).toEqual(await migrationNames());
    const rows = await query<{ migration_name: string; runs: number }>(
      url,
      `SELECT migration_name, count(*)::int AS runs FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
    );
    expect(rows).toEqual((await migrationNames()).map((name) => ({ migration_name: name, runs: 1 })));
  });

  it("refuses a migration whose file changed after it was applied, and runs none of it", async () => {
    const url = await createEmptyDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    await chmod(dir, 0o755);
    try {
      await mkdir(path.join(dir, "20300101000000_probe"));
      const file = path.join(dir, "20300101000000_probe", "migration.sql");
      await writeFile(file, `CREATE TABLE "probe" ("id" INTEGER PRIMARY KEY);`);
      expect(await migrateDatabase(url, dir)).toEqual(["20300101000000_probe"]);

      await writeFile(file, `CREATE TABLE "probe" ("id" INTEGER PRIMARY KEY);\nCREATE TABLE "probe_changed" ("id" INTEGER);`);
      await expect(migrateDatabase(url, dir)).rejects.toThrow(/20300101000000_probe was changed after it was applied/);
      expect(await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'probe_changed'`)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("moves the samples of a database from before partitioning into day partitions, one per server and moment", async () => {
    const url = await createEmptyDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    await chmod(dir, 0o755);
    try {
      const before = (await migrationNames()).filter((name) => name < "20261204030000_memory_sample_partitions");
      for (const name of before) await cp(path.join(process.cwd(), "prisma", "migrations", name), path.join(dir, name), { recursive: true });
      await migrateDatabase(url, dir);
      await query(url, `
        WITH owner AS (INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), 'old@example.test', 'Old', 'x', now()) RETURNING id),
             host AS (INSERT INTO hosts (id, name, hypervisor_uri) VALUES (gen_random_uuid(), 'old', 'simulated:///old') RETURNING id)
        INSERT INTO servers (id, owner_id, host_id, name, domain_name, virtualization, memory_mib, vcpus, image, status, updated_at)
        SELECT 'aaaaaaaa-0000-4000-8000-000000000001', owner.id, host.id, 'old', 'old', 'kvm', 4096, 2, 'debian-12', 'running', now() FROM owner, host;
        INSERT INTO memory_samples (server_id, at, source, total_kib, rss_kib) VALUES
          ('aaaaaaaa-0000-4000-8000-000000000001', '2030-03-01 23:59:50+00', 'host', 4194304, 1),
          ('aaaaaaaa-0000-4000-8000-000000000001', '2030-03-02 00:00:00+00', 'host', 4194304, 2),
          ('aaaaaaaa-0000-4000-8000-000000000001', '2030-03-02 00:00:00+00', 'host', 4194304, 3),
          ('aaaaaaaa-0000-4000-8000-000000000001', '2030-03-04 12:00:00+00', 'host', 4194304, 4)`);

      expect(await migrateDatabase(url)).toContain("20261204030000_memory_sample_partitions");
      const samples = await query<{ at: Date; rss_kib: string; partition: string }>(url, `
        SELECT at, rss_kib, tableoid::regclass::text AS partition FROM memory_samples ORDER BY at`);
      expect(samples).toEqual([
        { at: new Date("2030-03-01T23:59:50Z"), rss_kib: "1", partition: "memory_samples_p20300301" },
        { at: new Date("2030-03-02T00:00:00Z"), rss_kib: "2", partition: "memory_samples_p20300302" },
        { at: new Date("2030-03-04T12:00:00Z"), rss_kib: "4", partition: "memory_samples_p20300304" },
      ]);
      const [kind] = await query<{ relkind: string }>(url, `SELECT relkind FROM pg_class WHERE oid = 'memory_samples'::regclass`);
      expect(kind?.relkind).toBe("p");
      expect(await query(url, `SELECT 1 FROM pg_class WHERE relname = 'memory_samples_unpartitioned'`)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps the API tokens from before scopes able to change things: read_write", async () => {
    const url = await createEmptyDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    await chmod(dir, 0o755);
    try {
      const before = (await migrationNames()).filter((name) => name < "20261206010000_api_token_scopes");
      for (const name of before) await cp(path.join(process.cwd(), "prisma", "migrations", name), path.join(dir, name), { recursive: true });
      await migrateDatabase(url, dir);
      await query(url, `
        WITH owner AS (INSERT INTO users (id, email, name, password_hash, updated_at) VALUES (gen_random_uuid(), 'old@example.test', 'Old', 'x', now()) RETURNING id)
        INSERT INTO api_tokens (id, user_id, name, prefix, token_hash) SELECT gen_random_uuid(), owner.id, 'old script', 'vpsd_abcdef', 'hash-old' FROM owner`);

      expect(await migrateDatabase(url)).toContain("20261206010000_api_token_scopes");
      expect(await query(url, `SELECT name, scope::text FROM api_tokens`)).toEqual([{ name: "old script", scope: "read_write" }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe("the migrated database serves every model through Prisma", () => {
    let prisma: PrismaClient;
    let userId: string;
    let hostId: string;
    let serverId: string;
    let actionId: string;
    beforeAll(() => {
      prisma = createPrismaClient(migratedUrl);
    });
    afterAll(async () => {
      await prisma.$disconnect();
    });

    it("creates, reads and updates a User", async () => {
      const created = await prisma.user.create({ data: { email: "ada@example.test", name: "Ada", passwordHash: "scrypt$x" } });
      userId = created.id;
      expect(created).toMatchObject({ role: "customer", createdAt: expect.any(Date) });
      const updated = await prisma.user.update({ where: { id: userId }, data: { name: "Ada L.", role: "operator" } });
      expect(await prisma.user.findUnique({ where: { email: "ada@example.test" } })).toEqual(updated);
      expect(updated).toMatchObject({ name: "Ada L.", role: "operator" });
    });

    it("creates, reads and updates an ApiToken", async () => {
      const token = await prisma.apiToken.create({ data: { userId, name: "ci", prefix: "vpsd_abcdef", tokenHash: "hash-1" } });
      expect(token).toMatchObject({ scope: "read_write", lastUsedAt: null, expiresAt: null, revokedAt: null });
      const revokedAt = new Date("2030-01-02T03:04:05.678Z");
      await prisma.apiToken.update({ where: { id: token.id }, data: { revokedAt, scope: "read" } });
      const read = await prisma.apiToken.findUnique({ where: { tokenHash: "hash-1" }, include: { user: true } });
      expect(read).toMatchObject({ revokedAt, scope: "read", user: { id: userId } });
    });

    it("creates, reads and updates a RateLimit and a Session", async () => {
      expect(await prisma.rateLimit.create({ data: { key: "sign-in:account:ada@example.test" } })).toMatchObject({ points: 0, expire: null });
      await prisma.rateLimit.update({ where: { key: "sign-in:account:ada@example.test" }, data: { points: { increment: 5 }, expire: 1_900_000_000_000n } });
      expect(await prisma.rateLimit.findUnique({ where: { key: "sign-in:account:ada@example.test" } })).toMatchObject({ points: 5, expire: 1_900_000_000_000n });
      const user = await prisma.user.create({ data: { email: "session@example.test", name: "S", passwordHash: "x" } });
      const session = await prisma.session.create({ data: { userId: user.id, expiresAt: new Date("2030-01-01T12:00:00.000Z") } });
      await prisma.session.update({ where: { id: session.id }, data: { revokedAt: new Date("2030-01-01T01:00:00.000Z") } });
      expect(await prisma.session.findUnique({ where: { id: session.id }, include: { user: true } })).toMatchObject({ revokedAt: new Date("2030-01-01T01:00:00.000Z"), user: { id: user.id } });
    });

    it("creates, reads and updates a User without a password, and a SignInLink of theirs", async () => {
      const user = await prisma.user.create({ data: { email: "new@example.test", name: "New" } });
      expect(user.passwordHash).toBeNull();
      const link = await prisma.signInLink.create({ data: { userId: user.id, tokenHash: "link-hash", expiresAt: new Date("2030-01-04T00:00:00.000Z") } });
      expect(link).toMatchObject({ usedAt: null, replacedAt: null, createdAt: expect.any(Date) });
      const usedAt = new Date("2030-01-02T00:00:00.000Z");
      await prisma.signInLink.update({ where: { id: link.id }, data: { usedAt } });
      expect(await prisma.signInLink.findUnique({ where: { tokenHash: "link-hash" }, include: { user: true } })).toMatchObject({ usedAt, user: { id: user.id } });
      await expect(prisma.signInLink.create({ data: { userId: user.id, tokenHash: "link-hash", expiresAt: usedAt } })).rejects.toThrow();
    });

    it("creates, reads and updates a Host", async () => {
      const host = await prisma.host.create({ data: { name: "node-1", hypervisorUri: "qemu:///system" } });
      hostId = host.id;
      expect(host).toMatchObject({ agentTokenHash: null, lastSeenAt: null });
      await prisma.host.update({ where: { id: hostId }, data: { agentTokenHash: "agent-hash" } });
      expect(await prisma.host.findUnique({ where: { agentTokenHash: "agent-hash" } })).toMatchObject({ id: hostId, name: "node-1" });
    });

    it("creates, reads and updates a Server", async () => {
      const data = { ownerId: userId, hostId, name: "web", domainName: "vps-1", virtualization: "kvm", memoryMiB: 4096, vcpus: 2, image: "debian-12" } as const;
      const server = await prisma.server.create({ data });
      serverId = server.id;
      expect(server).toMatchObject({ status: "unknown", ballooningEnabled: true, observedBalloon: null, observedNextBalloon: null });
      await prisma.server.update({ where: { id: serverId }, data: { ballooningEnabled: false, observedBalloon: "virtio", observedNextBalloon: "none" } });
      const read = await prisma.server.findUnique({ where: { hostId_domainName: { hostId, domainName: "vps-1" } }, include: { owner: true, host: true } });
      expect(read).toMatchObject({ ballooningEnabled: false, observedBalloon: "virtio", observedNextBalloon: "none", owner: { id: userId }, host: { id: hostId } });
      await expect(prisma.server.create({ data: { ...data, name: "web-copy" } })).rejects.toThrow();
    });

    it("creates, reads and updates an Action", async () => {
      const action = await prisma.action.create({ data: { serverId, hostId, command: "restart", params: { mode: "force" } } });
      actionId = action.id;
      expect(action).toMatchObject({ status: "queued", progress: 0, attempts: 0, maxAttempts: 3, params: { mode: "force" }, startedAt: null });
      const leaseUntil = new Date("2030-01-01T00:01:00.000Z");
      await prisma.action.update({ where: { id: actionId }, data: { status: "running", progress: 40, leaseOwner: "agent-1", leaseUntil } });
      expect(await prisma.action.findUnique({ where: { id: actionId } })).toMatchObject({ status: "running", progress: 40, leaseUntil });
    });

    it("creates, reads and updates an ActionStep", async () => {
      const step = await prisma.actionStep.create({ data: { actionId, position: 0, name: "shutdown" } });
      expect(step.status).toBe("pending");
      await prisma.actionStep.update({ where: { actionId_position: { actionId, position: 0 } }, data: { status: "skipped" } });
      const action = await prisma.action.findUnique({ where: { id: actionId }, include: { steps: true } });
      expect(action?.steps).toMatchObject([{ name: "shutdown", status: "skipped" }]);
      await expect(prisma.actionStep.create({ data: { actionId, position: 0, name: "again" } })).rejects.toThrow();
    });

    it("creates, reads and updates a MemorySample in its day's partition, keyed by server and moment", async () => {
      const huge = 9_007_199_254_740_993n; // beyond Number.MAX_SAFE_INTEGER
      const at = new Date("2030-01-01T00:00:00.000Z");
      const key = { serverId_at: { serverId, at } };
      await prisma.$transaction((tx) => ensureSamplePartitions(tx, [utcDay(at)]));
      await prisma.memorySample.create({ data: { serverId, at, source: "host", totalKiB: huge, rssKiB: 123_456n } });
      const read = await prisma.memorySample.findUnique({ where: key });
      expect(read).toEqual({ serverId, at, source: "host", totalKiB: huge, rssKiB: 123_456n, balloonKiB: null, usedKiB: null, availableKiB: null, cacheKiB: null });
      await prisma.memorySample.update({ where: key, data: { source: "guest", usedKiB: huge - 1n } });
      expect(await prisma.memorySample.findUnique({ where: key })).toMatchObject({ source: "guest", usedKiB: huge - 1n, cacheKiB: null });
      await expect(prisma.memorySample.create({ data: { serverId, at, source: "host", totalKiB: 1n } })).rejects.toThrow();
    });

    it("creates, reads and updates a MemoryRollup, keyed by server and bucket, with null figures that stay null", async () => {
      const bucketStart = new Date("2030-01-01T00:05:00.000Z");
      const key = { serverId_bucketStart: { serverId, bucketStart } };
      await prisma.memoryRollup.create({ data: { serverId, bucketStart, source: "host", sampleCount: 30, totalKiB: 4_194_304n, rssMinKiB: 1n, rssAvgKiB: 2n, rssMaxKiB: 3n } });
      expect(await prisma.memoryRollup.findUnique({ where: key })).toMatchObject({ sampleCount: 30, rssAvgKiB: 2n, usedAvgKiB: null, cacheKiB: null });
      await prisma.memoryRollup.update({ where: key, data: { source: "guest", usedAvgKiB: 5n } });
      expect(await prisma.memoryRollup.findUnique({ where: key })).toMatchObject({ source: "guest", usedAvgKiB: 5n, balloonKiB: null });
      await expect(prisma.memoryRollup.create({ data: { serverId, bucketStart, source: "host", sampleCount: 1, totalKiB: 1n } })).rejects.toThrow();
    });

    it("creates, reads and updates a MemoryRollupHourly, keyed by server and hour", async () => {
      const bucketStart = new Date("2030-01-01T01:00:00.000Z");
      const key = { serverId_bucketStart: { serverId, bucketStart } };
      const counts = { balloonCount: 0, availableCount: 0, cacheCount: 0, usedCount: 0, rssCount: 360 };
      await prisma.memoryRollupHourly.create({ data: { serverId, bucketStart, source: "host", sampleCount: 360, totalKiBSum: 1_509_949_440n, rssKiBSum: 720n, ...counts } });
      expect(await prisma.memoryRollupHourly.findUnique({ where: key })).toMatchObject({ sampleCount: 360, rssKiBSum: 720n, usedKiBSum: null, cacheKiBSum: null });
      await prisma.memoryRollupHourly.update({ where: key, data: { source: "guest", usedKiBSum: 5n, usedCount: 1 } });
      expect(await prisma.memoryRollupHourly.findUnique({ where: key })).toMatchObject({ source: "guest", usedKiBSum: 5n, usedCount: 1, balloonKiBSum: null });
      await expect(prisma.memoryRollupHourly.create({ data: { serverId, bucketStart, source: "host", sampleCount: 1, totalKiBSum: 1n, ...counts } })).rejects.toThrow();
    });

    it("creates, reads and updates an AuditEvent, with JSON data", async () => {
      const data = { enabled: false, restart: "later", nested: { list: [1, "two", null] } };
      const event = await prisma.auditEvent.create({ data: { actorId: userId, serverId, kind: "server.ballooning_changed", data } });
      expect(typeof event.id).toBe("bigint");
      expect(await prisma.auditEvent.findUnique({ where: { id: event.id } })).toMatchObject({ actorId: userId, serverId, data });
      await prisma.auditEvent.update({ where: { id: event.id }, data: { data: { enabled: true } } });
      expect((await prisma.auditEvent.findUnique({ where: { id: event.id } }))?.data).toEqual({ enabled: true });
      expect((await prisma.auditEvent.create({ data: { kind: "system.started" } })).data).toEqual({});
    });
  });
});
