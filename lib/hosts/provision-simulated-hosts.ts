import { db } from "@/lib/db/client.ts";
import { kvmDomainXml, lxcDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { createSimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";

// The simulated hosts stand in for real nodes in the quick start: every server the database places
// on one gets a domain there, defined as the server's plan says and running. Idempotent: a domain
// that exists is left exactly as it is (its state belongs to the simulation, not to this function).

export async function provisionSimulatedHosts({ dataDir }: { dataDir: string }): Promise<string[]> {
  const hosts = await db().host.findMany({ where: { hypervisorUri: { startsWith: "simulated:" } }, include: { servers: true } });
  const created: string[] = [];
  for (const host of hosts) {
    const hypervisor = createSimulatedHypervisor({ uri: host.hypervisorUri, dataDir });
    const existing = new Set((await hypervisor.listDomains()).map((domain) => domain.name));
    for (const server of host.servers) {
      if (existing.has(server.domainName)) continue;
      const spec = { name: server.domainName, memoryMiB: server.memoryMiB, vcpus: server.vcpus };
      await hypervisor.defineXml(server.virtualization === "lxc" ? lxcDomainXml(spec) : kvmDomainXml({ ...spec, ballooning: server.ballooningEnabled }));
      await hypervisor.start(server.domainName);
      created.push(`${host.name}/${server.domainName}`);
    }
  }
  return created;
}
