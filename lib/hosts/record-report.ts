import { db, type Prisma } from "@/lib/db/client.ts";
import type { DomainReport, NodeReport } from "@/lib/contracts/provider.ts";
import { recordMemorySamples } from "@/lib/metrics/record-samples.ts";
import { hostDomainsOf } from "./host-domains.ts";
import { applyObservation } from "./observation.ts";

// A host agent's periodic report: what each domain really runs with, and a memory reading. Domains
// the dashboard does not know get no server state (an operator's own VMs on the same node); the host
// keeps the list of all of them for an operator's import, with the node's memory and CPUs.

const big = (value: number | null) => (value === null ? null : BigInt(Math.round(value)));

type Report = { hostId: string; domains: DomainReport[]; node?: NodeReport; now?: Date };

export async function recordReport({ hostId, domains, node, now = new Date() }: Report) {
  const servers = await db().server.findMany({
    where: { hostId, domainName: { in: domains.map((domain) => domain.name) } },
    include: { actions: { where: { status: "running" }, select: { id: true } } },
  });
  const byDomain = new Map(servers.map((server) => [server.domainName, server]));
  let recorded = 0;
  // A host reports every few seconds for each of its domains: their readings go in as one statement.
  const samples: Prisma.MemorySampleCreateManyInput[] = [];
  await db().$transaction(async (tx) => {
    // Every server of the report locked at once, in the order of their ids as a claim locks them:
    // one at a time in the report's order, a report and a claim could each wait for the other.
    await tx.$executeRaw`SELECT 1 FROM servers WHERE id = ANY(${servers.map((server) => server.id)}::uuid[]) ORDER BY id FOR UPDATE`;
    for (const domain of domains) {
      const server = byDomain.get(domain.name);
      if (!server) continue;
      // While an action runs, it owns the status ("restarting"); the balloon is recorded regardless.
      await applyObservation(tx, server.id, domain, { keepStatus: server.actions.length > 0, receivedAt: now });
      if (domain.memory) {
        const memory = domain.memory;
        samples.push({
          serverId: server.id,
          at: memory.at ? new Date(memory.at) : now,
          source: memory.source,
          totalKiB: BigInt(Math.round(memory.totalKiB)),
          balloonKiB: big(memory.balloonKiB),
          usedKiB: big(memory.usedKiB),
          availableKiB: big(memory.availableKiB),
          cacheKiB: big(memory.cacheKiB),
          rssKiB: big(memory.rssKiB),
        });
      }
      recorded++;
    }
    await recordMemorySamples(tx, samples);
    await tx.host.update({
      where: { id: hostId },
      data: {
        lastSeenAt: now,
        domains: hostDomainsOf(domains),
        domainsReportedAt: now,
        ...(node ? { memoryKiB: BigInt(Math.round(node.memoryKiB)), cpus: node.cpus, agentVersion: node.agentVersion } : {}),
      },
    });
  });
  return { recorded, ignored: domains.length - recorded };
}
