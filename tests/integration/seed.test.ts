import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signInWithPassword } from "@/lib/auth/sign-in.ts";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client.ts";
import { migrateDatabase } from "@/lib/db/migrate.ts";
import { AUDIT_KINDS } from "@/lib/audit/audit-event.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { DEMO_LOGIN, SIMULATED_HOST, isEmpty, seedDatabase } from "@/prisma/seed.ts";

// The seed uses fixed emails and names, so it gets a database of its own, dropped at the end.

const adminUrl = inject("adminDatabaseUrl");
let database: ScratchDatabase;
const now = new Date("2030-06-01T12:00:00.000Z");
const DAY_MS = 24 * 60 * 60_000;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createScratchDatabase(adminUrl, "seed");
  await migrateDatabase(database.url);
  prisma = createPrismaClient(database.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

const counts = async () => ({
  users: await prisma.user.count(),
  hosts: await prisma.host.count(),
  servers: await prisma.server.count(),
  samples: await prisma.memorySample.count(),
  rollups: await prisma.memoryRollup.count(),
  hourlyRollups: await prisma.memoryRollupHourly.count(),
  actions: await prisma.action.count(),
  auditEvents: await prisma.auditEvent.count(),
});

describe("seedDatabase", () => {
  it("fills an empty database, which isEmpty tells apart", async () => {
    expect(await isEmpty(prisma)).toBe(true);
    await seedDatabase(prisma, now);
    expect(await isEmpty(prisma)).toBe(false);
  });

  it("creates the demo customer, a second customer and an operator", async () => {
    const users = await prisma.user.findMany({ select: { email: true, role: true }, orderBy: { email: "asc" } });
    expect(users).toEqual([
      { email: DEMO_LOGIN.email, role: "customer" },
      { email: "ops@example.com", role: "operator" },
      { email: "sam@example.net", role: "customer" },
    ]);
  });

  it("puts every server on the one simulated host, with servers of every kind", async () => {
    const hosts = await prisma.host.findMany({ include: { servers: true } });
    expect(hosts).toMatchObject([{ name: SIMULATED_HOST.name, hypervisorUri: SIMULATED_HOST.hypervisorUri }]);
    const kinds = new Set(hosts[0]?.servers.map((s) => `${s.virtualization}:${s.virtualization === "kvm" ? s.ballooningEnabled : "-"}`));
    expect([...kinds].sort()).toEqual(["kvm:false", "kvm:true", "lxc:-"]);
  });

  it("reports each server's observed balloon as matching what its owner asked for", async () => {
    for (const server of await prisma.server.findMany()) {
      const expected = server.virtualization === "lxc" ? null : server.ballooningEnabled ? "virtio" : "none";
      expect({ name: server.name, live: server.observedBalloon, next: server.observedNextBalloon }).toEqual({ name: server.name, live: expected, next: expected });
    }
  });

  it("gives every server a day of memory samples up to now: every five minutes, and every 10 s in the last hour", async () => {
    const lastHour = new Date(now.getTime() - 60 * 60_000);
    for (const server of await prisma.server.findMany()) {
      const span = await prisma.memorySample.aggregate({ where: { serverId: server.id }, _min: { at: true }, _max: { at: true }, _count: true });
      const inLastHour = await prisma.memorySample.count({ where: { serverId: server.id, at: { gte: lastHour } } });
      expect({ name: server.name, ...span, inLastHour }).toEqual({
        name: server.name,
        _min: { at: new Date(now.getTime() - DAY_MS) },
        _max: { at: now },
        _count: (DAY_MS - 60 * 60_000) / (5 * 60_000) + 360 + 1,
        inLastHour: 361,
      });
    }
  });

  it("gives guest figures while ballooning runs, and only the host's rss elsewhere", async () => {
    const guestOnly = { OR: [{ source: "host" as const }, { balloonKiB: null }, { usedKiB: null }, { availableKiB: null }, { cacheKiB: null }, { rssKiB: null }] };
    const hostOnly = { OR: [{ source: "guest" as const }, { rssKiB: null }, { NOT: { balloonKiB: null } }, { NOT: { usedKiB: null } }, { NOT: { availableKiB: null } }, { NOT: { cacheKiB: null } }] };
    for (const server of await prisma.server.findMany()) {
      const guest = server.virtualization === "kvm" && server.ballooningEnabled;
      // A server whose ballooning was switched off gave guest figures until then.
      const switchedOff = await prisma.auditEvent.findFirst({ where: { serverId: server.id, kind: AUDIT_KINDS.ballooningApplied } });
      const until = switchedOff?.createdAt ?? new Date(0);
      const odd =
        (await prisma.memorySample.count({ where: { serverId: server.id, at: { gte: until }, ...(guest ? guestOnly : hostOnly) } })) +
        (await prisma.memorySample.count({ where: { serverId: server.id, at: { lt: until }, ...guestOnly } }));
      expect({ name: server.name, guest, odd }).toEqual({ name: server.name, guest, odd: 0 });
    }
  });

  it("gives every server the 29 days before that as five-minute roll-ups, ending where the raw samples begin", async () => {
    const FIVE_MINUTES = 5 * 60_000;
    const firstRaw = now.getTime() - DAY_MS; // already on a five-minute boundary here
    for (const server of await prisma.server.findMany()) {
      const span = await prisma.memoryRollup.aggregate({ where: { serverId: server.id }, _min: { bucketStart: true }, _max: { bucketStart: true }, _count: true });
      expect({ name: server.name, ...span }).toEqual({
        name: server.name,
        _min: { bucketStart: new Date(firstRaw - 29 * DAY_MS) },
        _max: { bucketStart: new Date(firstRaw - FIVE_MINUTES) },
        _count: (29 * DAY_MS) / FIVE_MINUTES,
      });
      // All older than postgres-primary's switch, so guest figures wherever ballooning ever ran.
      const guest = server.virtualization === "kvm" && (server.ballooningEnabled || server.name === "postgres-primary");
      const odd = await prisma.memoryRollup.count({
        where: guest
          ? { serverId: server.id, OR: [{ source: "host" }, { usedAvgKiB: null }, { cacheKiB: null }, { rssAvgKiB: null }] }
          : { serverId: server.id, OR: [{ source: "guest" }, { NOT: { usedAvgKiB: null } }, { NOT: { cacheKiB: null } }, { rssAvgKiB: null }] },
      });
      expect({ name: server.name, odd }).toEqual({ name: server.name, odd: 0 });
      const spread = await prisma.memoryRollup.count({ where: { serverId: server.id, rssMinKiB: { gt: prisma.memoryRollup.fields.rssMaxKiB } } });
      expect(spread).toBe(0);
    }
  });

  it("gives every server the same 29 days as hourly roll-ups, so the month's chart reads hours", async () => {
    const firstRaw = now.getTime() - DAY_MS; // on the hour here
    for (const server of await prisma.server.findMany()) {
      const span = await prisma.memoryRollupHourly.aggregate({ where: { serverId: server.id }, _min: { bucketStart: true }, _max: { bucketStart: true }, _count: true });
      expect({ name: server.name, ...span }).toEqual({
        name: server.name,
        _min: { bucketStart: new Date(firstRaw - 29 * DAY_MS) },
        _max: { bucketStart: new Date(firstRaw - 3_600_000) },
        _count: 29 * 24,
      });
      // Twelve five-minute roll-ups of 30 readings each.
      expect(await prisma.memoryRollupHourly.count({ where: { serverId: server.id, NOT: { sampleCount: 360 } } })).toBe(0);
    }
  });

  it("tells that postgres-primary's ballooning was switched off nine hours ago, for the chart's marker", async () => {
    const events = await prisma.auditEvent.findMany({ where: { kind: AUDIT_KINDS.ballooningApplied }, include: { server: true } });
    expect(events.map((event) => ({ server: event.server?.name, at: event.createdAt, data: event.data }))).toEqual([
      { server: "postgres-primary", at: new Date(now.getTime() - 9 * 3_600_000), data: { enabled: false, from: "virtio", to: "none" } },
    ]);
  });

  it("changes nothing when run a second time, even a day later", async () => {
    const before = await counts();
    await seedDatabase(prisma, new Date(now.getTime() + DAY_MS));
    expect(await counts()).toEqual(before);
  });

  it("lets the demo login (DEMO_LOGIN) sign in with its published password", async () => {
    const cache = globalThis as unknown as { prismaClient?: PrismaClient };
    const appClient = cache.prismaClient;
    cache.prismaClient = prisma;
    try {
      const result = await signInWithPassword(DEMO_LOGIN);
      expect(result).toMatchObject({ ok: true, user: { email: DEMO_LOGIN.email, role: "customer" } });
    } finally {
      cache.prismaClient = appClient;
    }
  });
});
