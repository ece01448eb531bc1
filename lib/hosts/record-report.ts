import { db, type Prisma } from "@/lib/db/client.ts";
import type { DomainReport, NodeReport } from "@/lib/contracts/provider.ts";
import { recordMemorySamples } from "@/lib/metrics/record-samples.ts";
import { hostDomainsOf } from "./host-domains.ts";
import { applyObservations, type ServerObservation } from "./observation.ts";

// A host agent's periodic report: what each domain really runs with, and a memory reading. Domains
// the dashboard does not know get no server state (an operator's own VMs on the same node); the host
// keeps the list of all of them for an operator's import, with the node's memory and CPUs.

const big = (value: number | null) => (value === null ? null : BigInt(Math.round(value)));

/** `imageVolumes`: the catalogue's base volumes the node's image pool holds; absent when the agent could not read the pool. */
type Report = { hostId: string; domains: DomainReport[]; node?: NodeReport; imageVolumes?: string[]; now?: Date };

export async function recordReport({ hostId, domains, node, imageVolumes, now = new Date() }: Report) {
  const servers = await db().server.findMany({
    where: { hostId, domainName: { in: domains.map((domain) => domain.name) } },
    include: { actions: { where: { status: "running" }, select: { id: true } } },
  });
  const byDomain = new Map(servers.map((server) => [server.domainName, server]));
  let recorded = 0;
  // A host reports every few seconds for each of its domains: their readings go in as one statement.
  const samples: Prisma.MemorySampleCreateManyInput[] = [];
  const observations: ServerObservation[] = [];
  await db().$transaction(async (tx) => {
    // The report's servers held at once, in the order of their ids as a claim locks them, until the
    // report is in: none is deleted under its samples (which have no foreign key, see
    // lib/metrics/record-samples.ts), and a report and a claim never each wait for the other. KEY
    // SHARE, not UPDATE: it stops a claim (FOR UPDATE) but not a second agent's report of the same
    // host, and it writes no row version.
    await tx.$executeRaw`SELECT 1 FROM servers WHERE id = ANY(${servers.map((server) => server.id)}::uuid[]) ORDER BY id FOR KEY SHARE`;
    for (const domain of domains) {
      const server = byDomain.get(domain.name);
      if (!server) continue;
      // While an action runs, it owns the status ("restarting"); the balloon is recorded regardless.
      observations.push({ serverId: server.id, observation: domain, keepStatus: server.actions.length > 0, receivedAt: now });
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
    // One statement, which writes only the servers whose recorded state changes.
    await applyObservations(tx, observations);
    await recordMemorySamples(tx, samples, now);
    await touchHost(tx, hostId, now, domains, node, imageVolumes);
  });
  return { recorded, ignored: domains.length - recorded };
}

/**
 * The host's contact and node figures in one statement. The list of domains, a few KiB of JSON, is
 * rewritten only when it differs from the one on record, so an unchanged list keeps its stored copy;
 * so is the list of base volumes, which a report without one (a pool not read) leaves as it was.
 */
async function touchHost(tx: Prisma.TransactionClient, hostId: string, now: Date, domains: DomainReport[], node: NodeReport | undefined, imageVolumes: string[] | undefined) {
  const listed = JSON.stringify(hostDomainsOf(domains));
  const volumes = imageVolumes ? JSON.stringify([...new Set(imageVolumes)].sort()) : null;
  await tx.$executeRaw`
    UPDATE hosts SET
      last_seen_at = ${now},
      domains_reported_at = ${now},
      domains = CASE WHEN domains = ${listed}::jsonb THEN domains ELSE ${listed}::jsonb END,
      memory_kib = COALESCE(${node ? BigInt(Math.round(node.memoryKiB)) : null}::bigint, memory_kib),
      cpus = COALESCE(${node?.cpus ?? null}::integer, cpus),
      agent_version = COALESCE(${node?.agentVersion ?? null}::text, agent_version),
      image_volumes = CASE WHEN ${volumes}::jsonb IS NULL OR image_volumes = ${volumes}::jsonb THEN image_volumes ELSE ${volumes}::jsonb END
    WHERE id = ${hostId}::uuid`;
}
