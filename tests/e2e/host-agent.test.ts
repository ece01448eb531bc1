import { spawn, type ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runAgent } from "@/lib/agent/agent.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { kvmDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { LibvirtHypervisor } from "@/lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import { readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { createSimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { restartServer } from "@/lib/servers/restart-server.ts";
import { customerActor } from "../support/agents.ts";
import { createHost, createServer, createUser, GENEROUS_HOST_MEMORY_KIB, unique } from "../support/factories.ts";
import { libvirtSkipReason, qemuDomainXml, QEMU_URI, removeDomain, uniqueDomainName } from "../support/libvirt.ts";

// The whole path of a ballooning change: customer API → action queue → a real host agent → the
// hypervisor → the server's observed state. Leases are 3 s here so a lost agent is noticed quickly.

const dashboard = dashboardForAgentTests("host-agent");

/** A customer with a KVM server (ballooning on) on a new host, and what it takes to drive them. */
async function customerServerOn(hypervisorUri: (hostName: string) => string, domainName: string) {
  const owner = await createUser();
  const hostName = unique("host");
  const host = await db().host.create({ data: { name: hostName, hypervisorUri: hypervisorUri(hostName), memoryKiB: GENEROUS_HOST_MEMORY_KIB } });
  const server = await db().server.update({
    where: { id: (await createServer({ ownerId: owner.id, hostId: host.id })).id },
    data: { domainName },
  });
  const { token } = await createApiToken({ userId: owner.id, name: "test" });
  return { host, server, apiToken: token, agentToken: await issueAgentToken(hostName) };
}

async function disableBallooning(serverId: string, apiToken: string): Promise<string> {
  const response = await fetch(`${dashboard.app.baseUrl}/api/v1/servers/${serverId}/settings/ballooning`, {
    method: "PUT",
    headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
    body: JSON.stringify({ enabled: false }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { action: { id: string } }).action.id;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

const actionWithSteps = (id: string) => db().action.findUniqueOrThrow({ where: { id }, include: { steps: { orderBy: { position: "asc" } } } });

function agentProcess(host: { name: string; hypervisorUri: string }, token: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/agent.ts", "--host", host.name, "--uri", host.hypervisorUri, "--report-every", "2"], {
    env: { ...process.env, AGENT_TOKEN: token, DASHBOARD_URL: dashboard.app.baseUrl, DASHBOARD_DATA_DIR: dashboard.dataDir },
    stdio: "ignore",
  });
}

describe("an agent killed in the middle of an action", () => {
  it("is replaced by a new agent that resumes after the lease expires, with exactly one cold restart", { timeout: 120_000 }, async () => {
    const domainName = unique("vps");
    const { host, server, apiToken, agentToken } = await customerServerOn((name) => `simulated:///${name}`, domainName);
    const simulator = createSimulatedHypervisor({ uri: host.hypervisorUri, dataDir: dashboard.dataDir });
    await simulator.defineXml(kvmDomainXml({ name: domainName, memoryMiB: 2048, vcpus: 1, ballooning: true }));
    await simulator.start(domainName);
    const startsBefore = await simulator.startCount(domainName);

    const actionId = await disableBallooning(server.id, apiToken);
    const first = agentProcess(host, agentToken);
    await until(() => actionWithSteps(actionId), (action) => action.steps[0]?.status === "done", 60_000, 10);
    first.kill("SIGKILL");
    expect((await actionWithSteps(actionId)).status).toBe("running");

    const second = agentProcess(host, agentToken);
    try {
      const finished = await until(() => actionWithSteps(actionId), (action) => action.status === "success" || action.status === "error");
      expect(finished.status).toBe("success");
      expect(finished.attempts).toBe(2);
      expect(Object.fromEntries(finished.steps.map((step) => [step.name, step.status]))).toMatchObject({
        update_domain_xml: "done",
        start: "done",
        verify: "done",
      });
      expect(await simulator.startCount(domainName)).toBe(startsBefore + 1);
      expect(readBalloon(await simulator.domainXml(domainName, "live"))).toMatchObject({ model: "none" });
      expect(await simulator.domainState(domainName)).toBe("running");
      const record = await db().server.findUniqueOrThrow({ where: { id: server.id } });
      expect([record.ballooningEnabled, record.observedBalloon, record.status]).toEqual([false, "none", "running"]);
    } finally {
      second.kill("SIGTERM");
    }
  });
});

describe("an agent that hangs up on its long poll", () => {
  it("is not handed the work that arrives afterwards: it stays queued for a live agent", async () => {
    const owner = await createUser();
    const host = await createHost();
    const agentToken = await issueAgentToken(host.name);
    const server = await createServer({ ownerId: owner.id, hostId: host.id });
    const hangUp = new AbortController();
    const poll = fetch(`${dashboard.app.baseUrl}/api/provider/v1/actions/claim`, {
      method: "POST",
      headers: { authorization: `Bearer ${agentToken}`, "content-type": "application/json" },
      body: JSON.stringify({ max: 5, waitMs: 20_000 }),
      signal: hangUp.signal,
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the poll is waiting
    hangUp.abort(); // as a killed agent's socket closes
    await poll;
    await new Promise((resolve) => setTimeout(resolve, 300));

    const action = await restartServer({ actor: customerActor(owner), serverId: server.id });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the abandoned poll would have woken and claimed by now
    expect(await db().action.findUniqueOrThrow({ where: { id: action.id } })).toMatchObject({ status: "queued", attempts: 0 });
  });
});

const libvirtSkip = libvirtSkipReason(QEMU_URI);

describe.skipIf(libvirtSkip)(`a real agent on ${QEMU_URI}${libvirtSkip ? ` (skipped: ${libvirtSkip})` : ""}`, () => {
  it("disables ballooning of a running QEMU domain: the live XML ends at model='none', the domain running", { timeout: 120_000 }, async () => {
    const domainName = uniqueDomainName("agent");
    const hypervisor = new LibvirtHypervisor(QEMU_URI);
    const { server, apiToken, agentToken } = await customerServerOn(() => QEMU_URI, domainName);
    await hypervisor.defineXml(qemuDomainXml(domainName));
    await hypervisor.start(domainName);
    const stop = new AbortController();
    const agent = runAgent({
      baseUrl: dashboard.app.baseUrl,
      token: agentToken,
      hypervisor,
      shutdownTimeoutMs: 2_000,
      reportEveryMs: 2_000,
      claimWaitMs: 2_000,
      signal: stop.signal,
      log: () => undefined,
    });
    try {
      const actionId = await disableBallooning(server.id, apiToken);
      const finished = await until(() => actionWithSteps(actionId), (action) => action.status === "success" || action.status === "error");
      expect(finished.errorMsg).toBeNull();
      expect(finished.status).toBe("success");
      // A guest with no OS ignores ACPI: the forced stop is the path taken here.
      expect(finished.steps.find((step) => step.name === "force_stop")?.status).toBe("done");
      expect(await hypervisor.domainXml(domainName, "live")).toContain("<memballoon model='none'/>");
      expect(await hypervisor.domainState(domainName)).toBe("running");
      const record = await db().server.findUniqueOrThrow({ where: { id: server.id } });
      expect(record.observedBalloon).toBe("none");
    } finally {
      stop.abort();
      await agent;
      await removeDomain(hypervisor, domainName);
    }
  });
});
