import type { PrismaClient } from "../lib/db/client.ts";
import type { Virtualization, BalloonModel } from "../lib/db/generated/enums.ts";
import { hashPassword } from "../lib/auth/password.ts";
import { ballooningAppliedEvent } from "../lib/hosts/observation.ts";
import { recordMemorySamples } from "../lib/metrics/record-samples.ts";
import { RAW_RETENTION_MS, ROLLUP_RETENTION_MS } from "../lib/metrics/retention.ts";
import { floorToHour, rollupHours } from "../lib/metrics/rollup-hours.ts";
import { dayOfMemorySamples, monthOfMemoryRollups } from "./seed-memory.ts";

// Demo data: idempotent (keyed by email, host name and domain name), so running it twice
// changes nothing. The demo login is shown in the README.

export const DEMO_LOGIN = { email: "demo@example.com", password: "demo-password" } as const;
export const DEMO_OPERATOR_LOGIN = { email: "ops@example.com", password: "operator-password" } as const;
export const SIMULATED_HOST = { name: "sim-fra1-01", hypervisorUri: "simulated:///sim-fra1-01" } as const;

type SeedUser = { email: string; name: string; password: string; role: "customer" | "operator" };
type SeedServer = {
  owner: string;
  name: string;
  domainName: string;
  virtualization: Virtualization;
  memoryMiB: number;
  diskGiB: number;
  vcpus: number;
  image: string;
  ballooningEnabled: boolean;
  /** A history to show: ballooning was on until this many hours ago, when the customer switched it off. */
  ballooningOffHoursAgo?: number;
};

const USERS: SeedUser[] = [
  { ...DEMO_LOGIN, name: "Dana Demo", role: "customer" },
  { email: "sam@example.net", name: "Sam Second", password: "second-customer", role: "customer" },
  { ...DEMO_OPERATOR_LOGIN, name: "Olive Operator", role: "operator" },
];

const SERVERS: SeedServer[] = [
  { owner: DEMO_LOGIN.email, name: "web-frontend-01", domainName: "vps-1001", virtualization: "kvm", memoryMiB: 4096, vcpus: 2, diskGiB: 80, image: "debian-12", ballooningEnabled: true },
  { owner: DEMO_LOGIN.email, name: "postgres-primary", domainName: "vps-1002", virtualization: "kvm", memoryMiB: 16384, vcpus: 4, diskGiB: 320, image: "ubuntu-24.04", ballooningEnabled: false, ballooningOffHoursAgo: 9 },
  { owner: DEMO_LOGIN.email, name: "ci-runner", domainName: "vps-1003", virtualization: "kvm", memoryMiB: 8192, vcpus: 4, diskGiB: 160, image: "debian-12", ballooningEnabled: true },
  { owner: DEMO_LOGIN.email, name: "legacy-mail", domainName: "ct-1004", virtualization: "lxc", memoryMiB: 2048, vcpus: 1, diskGiB: 40, image: "centos-7", ballooningEnabled: false },
  { owner: "sam@example.net", name: "shop-app", domainName: "vps-2001", virtualization: "kvm", memoryMiB: 32768, vcpus: 8, diskGiB: 640, image: "almalinux-9", ballooningEnabled: true },
  { owner: "sam@example.net", name: "redis-cache", domainName: "vps-2002", virtualization: "kvm", memoryMiB: 2048, vcpus: 1, diskGiB: 40, image: "debian-12", ballooningEnabled: false },
];

export async function seedDatabase(prisma: PrismaClient, now = new Date()): Promise<void> {
  const userIds = new Map<string, string>();
  for (const user of USERS) {
    const existing = await prisma.user.findUnique({ where: { email: user.email } });
    const record =
      existing ??
      (await prisma.user.create({
        data: { email: user.email, name: user.name, role: user.role, passwordHash: await hashPassword(user.password) },
      }));
    userIds.set(user.email, record.id);
  }

  const host = await prisma.host.upsert({
    where: { name: SIMULATED_HOST.name },
    create: { ...SIMULATED_HOST },
    update: {},
  });

  let seededHistory = false;
  for (const server of SERVERS) {
    const ownerId = userIds.get(server.owner);
    if (!ownerId) throw new Error(`seed: unknown owner ${server.owner}`);
    const { owner: _owner, ballooningOffHoursAgo, ...fields } = server;
    const balloon: BalloonModel | null = server.virtualization === "lxc" ? null : server.ballooningEnabled ? "virtio" : "none";
    const existing = await prisma.server.findUnique({
      where: { hostId_domainName: { hostId: host.id, domainName: server.domainName } },
    });
    if (existing) continue;
    const record = await prisma.server.create({
      data: {
        ...fields,
        ownerId,
        hostId: host.id,
        status: "running",
        observedBalloon: balloon,
        observedNextBalloon: balloon,
        ranWithBalloon: balloon,
        observedAt: now,
      },
    });
    const switchedOff = ballooningOffHoursAgo === undefined ? undefined : new Date(now.getTime() - ballooningOffHoursAgo * 3_600_000);
    const history = {
      serverId: record.id,
      domainName: server.domainName,
      virtualization: server.virtualization,
      memoryMiB: server.memoryMiB,
      ballooning: balloon === "virtio",
      now,
      guestUntil: switchedOff,
    };
    await prisma.$transaction((tx) => recordMemorySamples(tx, dayOfMemorySamples(history)));
    seededHistory = true;
    await insertRollups(prisma, monthOfMemoryRollups(history));
    if (switchedOff) {
      await prisma.auditEvent.create({ data: ballooningAppliedEvent({ serverId: record.id, from: "virtio", to: "none", at: switchedOff }) });
    }
  }
  // The month's hours, as the scheduled job would have rolled them up; it goes on from the last one.
  if (seededHistory) await rollupHours({ from: floorToHour(new Date(now.getTime() - ROLLUP_RETENTION_MS)), to: floorToHour(new Date(now.getTime() - RAW_RETENTION_MS)), client: prisma });
}

/**
 * A month of roll-ups in one statement, a column per array: several times faster than createMany,
 * which splits the 8,000 rows into batches under PostgreSQL's limit of 65,535 parameters.
 */
async function insertRollups(prisma: PrismaClient, rollups: ReturnType<typeof monthOfMemoryRollups>): Promise<void> {
  const column = <T>(pick: (rollup: (typeof rollups)[number]) => T) => rollups.map(pick);
  const kib = (pick: (rollup: (typeof rollups)[number]) => bigint | null) => column((rollup) => pick(rollup)?.toString() ?? null);
  await prisma.$executeRaw`
    INSERT INTO memory_rollups (server_id, bucket_start, source, sample_count, total_kib, balloon_kib, available_kib, cache_kib,
                                used_min_kib, used_avg_kib, used_max_kib, rss_min_kib, rss_avg_kib, rss_max_kib)
    SELECT * FROM unnest(
      ${column((r) => r.serverId)}::uuid[], ${column((r) => r.bucketStart)}::timestamptz[], ${column((r) => r.source)}::"MemorySource"[],
      ${column((r) => r.sampleCount)}::int[], ${kib((r) => r.totalKiB)}::bigint[], ${kib((r) => r.balloonKiB)}::bigint[],
      ${kib((r) => r.availableKiB)}::bigint[], ${kib((r) => r.cacheKiB)}::bigint[], ${kib((r) => r.usedMinKiB)}::bigint[],
      ${kib((r) => r.usedAvgKiB)}::bigint[], ${kib((r) => r.usedMaxKiB)}::bigint[], ${kib((r) => r.rssMinKiB)}::bigint[],
      ${kib((r) => r.rssAvgKiB)}::bigint[], ${kib((r) => r.rssMaxKiB)}::bigint[])`;
}

/** The demo accounts this database holds: their passwords are published, so production refuses them. */
export async function demoAccountsIn(prisma: PrismaClient): Promise<string[]> {
  const found = await prisma.user.findMany({ where: { email: { in: USERS.map((user) => user.email) } }, select: { email: true }, orderBy: { email: "asc" } });
  return found.map((user) => user.email);
}

/** True when the database has never been seeded (no users at all). */
export async function isEmpty(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count()) === 0;
}
