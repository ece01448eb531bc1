import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainReporter } from "@/lib/agent/report-loop.ts";
import { AGENT_VERSION } from "@/lib/agent/version.ts";
import { db } from "@/lib/db/client.ts";
import { parseHostDomains } from "@/lib/hosts/host-domains.ts";
import { kvmDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { createSimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { createAgentHost, providerApi } from "@/tests/support/agents.ts";
import { createServer, createUser } from "@/tests/support/factories.ts";
import { expectError } from "@/tests/support/http.ts";

// An agent's report carries its node (physical memory, CPUs, its version) and every domain it sees,
// known or not: the host row keeps both, for the capacity rules and for an operator's import.

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "node-reports-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const hostRow = (id: string) => db().host.findUniqueOrThrow({ where: { id } });

describe("an agent's report of its node", () => {
  it("records the node's memory, CPUs and agent version, and every domain with its defined size", async () => {
    const agent = await createAgentHost();
    const owner = await createUser();
    const known = await createServer({ ownerId: owner.id, hostId: agent.host.id });
    const hypervisor = createSimulatedHypervisor({ uri: `simulated:///${agent.host.name}`, dataDir, hostMemoryKiB: 128 * 1024 * 1024 });
    await hypervisor.defineXml(kvmDomainXml({ name: known.domainName, memoryMiB: 2048, vcpus: 2, ballooning: true }));
    // The operator's VM boots a volume of the node's pool, whose size the agent reads; the known server's disk is in no pool.
    const base = (await hypervisor.pools()).default?.volumes.find((volume) => volume.name === "debian-12.qcow2") ?? expect.fail("the simulated node has the catalogue's bases");
    await hypervisor.defineXml(kvmDomainXml({ name: "operators-own-vm", memoryMiB: 4096, vcpus: 4, ballooning: true, diskPath: base.path }));

    const report = await new DomainReporter(hypervisor).buildReport();
    const response = await providerApi.report(agent.headers, report);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ recorded: 1, ignored: 1 });

    const host = await hostRow(agent.host.id);
    expect(host).toMatchObject({ memoryKiB: 128n * 1024n * 1024n, cpus: 32, agentVersion: AGENT_VERSION });
    expect(host.domainsReportedAt).toBeInstanceOf(Date);
    expect(parseHostDomains(host.domains).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: "operators-own-vm", virtualization: "kvm", state: "shutoff", memoryKiB: 4096 * 1024, vcpus: 4, diskGiB: Math.round(base.capacityBytes / 1024 ** 3), balloon: "virtio", pendingBalloon: "virtio" },
      { name: known.domainName, virtualization: "kvm", state: "shutoff", memoryKiB: 2048 * 1024, vcpus: 2, diskGiB: null, balloon: "virtio", pendingBalloon: "virtio" },
    ].sort((a, b) => a.name.localeCompare(b.name)));
  });

  it("keeps the node's figures when an older agent reports domains alone", async () => {
    const agent = await createAgentHost();
    const node = { memoryKiB: 64 * 1024 * 1024, cpus: 8, agentVersion: "0.0.9" };
    expect((await providerApi.report(agent.headers, { node, domains: [] })).status).toBe(200);
    expect((await providerApi.report(agent.headers, { domains: [] })).status).toBe(200);
    expect(await hostRow(agent.host.id)).toMatchObject({ memoryKiB: BigInt(node.memoryKiB), cpus: 8, agentVersion: "0.0.9" });
  });

  it("refuses a node without memory, or with fields it does not know", async () => {
    const agent = await createAgentHost({ memoryKiB: null });
    await expectError(await providerApi.report(agent.headers, { node: { memoryKiB: 0, cpus: 8, agentVersion: "1" }, domains: [] }), 400, "invalid_input");
    await expectError(await providerApi.report(agent.headers, { node: { memoryKiB: 1024, cpus: 8, agentVersion: "1", extra: 1 }, domains: [] }), 400, "invalid_input");
    expect(await hostRow(agent.host.id)).toMatchObject({ memoryKiB: null, cpus: null, agentVersion: null });
  });
});
