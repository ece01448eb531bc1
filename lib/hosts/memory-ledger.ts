import { db, type Prisma } from "@/lib/db/client.ts";
import { isUuid } from "@/lib/ids.ts";
import { headroomOf } from "./memory-headroom.ts";

// How each host's memory is promised. Guaranteed memory is reserved, not stored: it is the plans of
// the host's KVM servers whose desired ballooning is off, counted from the moment the customer's
// choice is accepted (before the restart applies it) until ballooning is chosen again. LXC servers
// have no balloon to turn off, whatever their flag says, so they reserve nothing; they are sold.

export type MemoryLedger = {
  hostId: string;
  hostName: string;
  /** The node's physical memory, as its agent last reported it; null until an agent does. */
  physicalMiB: number | null;
  /** What guaranteed memory never takes: the host's own headroom, or the dashboard's default. */
  headroomMiB: number;
  /** What guaranteed memory may take: physical minus headroom, at least 0; null while physical is unknown. */
  capacityMiB: number | null;
  /** The plans of the host's KVM servers whose desired ballooning is off. */
  reservedMiB: number;
  /** Capacity not yet reserved; below 0 when a headroom raised since, or a smaller node, left it over-reserved. */
  availableMiB: number | null;
  /** Every server's plan on the host, ballooning or not. */
  soldMiB: number;
  /** Sold over physical: above 1, the host counts on ballooning to fit its servers. Null while physical is unknown. */
  overcommitRatio: number | null;
};

type Client = Prisma.TransactionClient;

/** One host's ledger (null: no such host). Pass a transaction to read it under that transaction's locks. */
export async function hostMemoryLedger(hostId: string, client: Client = db()): Promise<MemoryLedger | null> {
  if (!isUuid(hostId)) return null;
  return (await ledgersOf(client, [hostId]))[0] ?? null;
}

/** Every host's ledger, by host name. */
export function memoryLedgers(client: Client = db()): Promise<MemoryLedger[]> {
  return ledgersOf(client);
}

async function ledgersOf(client: Client, hostIds?: string[]): Promise<MemoryLedger[]> {
  const hosts = await client.host.findMany({
    where: hostIds ? { id: { in: hostIds } } : {},
    select: { id: true, name: true, memoryKiB: true, memoryHeadroomMiB: true },
    orderBy: { name: "asc" },
  });
  const plans = await client.server.groupBy({
    by: ["hostId", "virtualization", "ballooningEnabled"],
    where: hostIds ? { hostId: { in: hostIds } } : {},
    _sum: { memoryMiB: true },
  });
  return hosts.map((host) => {
    const own = plans.filter((group) => group.hostId === host.id);
    const sum = (groups: typeof own) => groups.reduce((total, group) => total + (group._sum.memoryMiB ?? 0), 0);
    const soldMiB = sum(own);
    const reservedMiB = sum(own.filter((group) => group.virtualization === "kvm" && !group.ballooningEnabled));
    const physicalMiB = host.memoryKiB === null ? null : Number(host.memoryKiB / 1024n);
    const headroomMiB = headroomOf(host);
    const capacityMiB = physicalMiB === null ? null : Math.max(0, physicalMiB - headroomMiB);
    return {
      hostId: host.id,
      hostName: host.name,
      physicalMiB,
      headroomMiB,
      capacityMiB,
      reservedMiB,
      availableMiB: capacityMiB === null ? null : capacityMiB - reservedMiB,
      soldMiB,
      overcommitRatio: physicalMiB ? soldMiB / physicalMiB : null,
    };
  });
}
