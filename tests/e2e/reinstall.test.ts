import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { observation } from "@/lib/agent/observe-domain.ts";
import { defineKvmDomain, verifyKvmDomain } from "@/lib/agent/commands/reinstall.ts";
import { ProviderClient, ProviderError } from "@/lib/agent/provider-client.ts";
import { runAction } from "@/lib/agent/step-runner.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { startStep } from "@/lib/hypervisor/power-steps.ts";
import { lxcDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { LibvirtHypervisor } from "@/lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import { createSimulatedHypervisor, type SimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { mediaIn } from "@/lib/hypervisor/storage-xml.ts";
import { baseVolumes, diskVolumeNameFor, findImage, kvmDomainNameFor, type KvmTemplateOptions } from "@/lib/images/catalogue.ts";
import type { ServerView } from "@/lib/contracts/servers.ts";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { createServer, createUser, unique } from "../support/factories.ts";
import { DOMAIN_TYPE, libvirtSkipReason, QEMU_URI, removeDomain, uniqueDomainName } from "../support/libvirt.ts";

// The reinstall of an LXC server onto KVM, end to end: the customer's request over HTTP, a running
// dashboard, the host agent's step runner against the simulated host, and the record switched on
// completion. Leases are 3 s here so that an interrupted attempt is resumed quickly.

const dashboard = dashboardForAgentTests("reinstall");

/** A customer's LXC server whose container runs on a simulated host of its own. */
async function lxcServer() {
  const owner = await createUser();
  const hostName = unique("host");
  const host = await db().host.create({ data: { name: hostName, hypervisorUri: `simulated:///${hostName}`, imageVolumes: baseVolumes() } });
  const container = unique("ct");
  const created = await createServer({ ownerId: owner.id, hostId: host.id, virtualization: "lxc", ballooningEnabled: false });
  const server = await db().server.update({ where: { id: created.id }, data: { domainName: container } });
  const simulator = createSimulatedHypervisor({ uri: host.hypervisorUri, dataDir: dashboard.dataDir });
  await simulator.defineXml(lxcDomainXml({ name: container, memoryMiB: server.memoryMiB, vcpus: server.vcpus }));
  await simulator.start(container);
  const { token } = await createApiToken({ userId: owner.id, name: "reinstall" });
  const agent = new ProviderClient(dashboard.app.baseUrl, await issueAgentToken(hostName));
  return { server, container, simulator, apiToken: token, agent };
}

async function requestReinstall(server: { id: string; name: string }, apiToken: string, image: string): Promise<string> {
  const response = await fetch(`${dashboard.app.baseUrl}/api/v1/servers/${server.id}/actions/reinstall`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
    body: JSON.stringify({ image, confirmName: server.name }),
  });
  expect({ status: response.status, body: await response.clone().text() }).toMatchObject({ status: 202 });
  return ((await response.json()) as { action: { id: string } }).action.id;
}

async function claim(agent: ProviderClient, waitMs = 0): Promise<ClaimedAction> {
  const [action] = await agent.claim({ max: 1, waitMs });
  return action ?? expect.fail("the agent found nothing to claim");
}

const actionWithSteps = (id: string) => db().action.findUniqueOrThrow({ where: { id }, include: { steps: { orderBy: { position: "asc" } } } });
const stepStatuses = async (id: string) => Object.fromEntries((await actionWithSteps(id)).steps.map((step) => [step.name, step.status]));
const domainNames = async (simulator: SimulatedHypervisor) => (await simulator.listDomains()).map((domain) => domain.name);
const onHost = (hypervisor: Hypervisor) => ({
  host: { hypervisor, lxcHypervisor: hypervisor, template: {}, shutdownTimeoutMs: 5_000, pollMs: 20 },
  log: () => undefined,
});

/** The server is KVM in the database and on the host, its container gone. */
async function expectSwitchedToKvm(setup: Awaited<ReturnType<typeof lxcServer>>, image: string) {
  const { server, container, simulator, apiToken } = setup;
  const kvmDomain = kvmDomainNameFor(container);
  expect(await db().server.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({
    virtualization: "kvm",
    domainName: kvmDomain,
    image,
    ballooningEnabled: true,
    observedBalloon: "virtio",
    status: "running",
  });
  expect(await simulator.listDomains()).toEqual([expect.objectContaining({ name: kvmDomain, state: "running", virtualization: "kvm" })]);
  expect(readBalloon(await simulator.domainXml(kvmDomain, "live"))).toMatchObject({ supported: true, model: "virtio", statsPeriod: 10 });
  // It boots its own disk: an overlay of the image's base volume in the node's image pool.
  const disk = await simulator.volumeInfo("default", diskVolumeNameFor(kvmDomain));
  expect(disk).toMatchObject({ format: "qcow2", backingPath: `/var/lib/libvirt/images/${image}.qcow2` });
  expect(mediaIn(await simulator.domainXml(kvmDomain, "live"), "vda")).toBe(disk.path);
  const response = await fetch(`${dashboard.app.baseUrl}/api/v1/servers/${server.id}`, { headers: { authorization: `Bearer ${apiToken}` } });
  expect(((await response.json()) as { server: ServerView }).server).toMatchObject({
    virtualization: "kvm",
    image,
    ballooning: { supported: true, enabled: true, applied: true, pendingRestart: false },
  });
}

describe("reinstalling an LXC server onto KVM on the simulated host", () => {
  it("defines, starts and verifies the KVM domain, removes the container and switches the server", { timeout: 60_000 }, async () => {
    const setup = await lxcServer();
    const actionId = await requestReinstall(setup.server, setup.apiToken, "ubuntu-24.04");
    const claimed = await claim(setup.agent);
    expect(claimed).toMatchObject({ id: actionId, command: "reinstall", params: { image: "ubuntu-24.04" } });

    expect(await runAction(claimed, setup.agent, onHost(setup.simulator))).toBe("success");

    const finished = await actionWithSteps(actionId);
    expect([finished.status, finished.progress, finished.errorMsg]).toEqual(["success", 100, null]);
    expect(await stepStatuses(actionId)).toStrictEqual({
      create_disk: "done",
      // Asked for without a login, the reinstall gets a generated root password: a seed to make and remove.
      create_first_boot_seed: "done",
      define_kvm_domain: "done",
      start_kvm_domain: "done",
      verify_kvm_domain: "done",
      remove_first_boot_seed: "done",
      remove_lxc_domain: "done",
      switch_server_record: "done",
    });
    await expectSwitchedToKvm(setup, "ubuntu-24.04");
  });

  for (const operation of ["define", "start"] as const) {
    it(`rolls back when the host fails to ${operation} the KVM domain: the container runs on as before`, { timeout: 60_000 }, async () => {
      const { server, container, simulator, apiToken, agent } = await lxcServer();
      const startsBefore = await simulator.startCount(container);
      const actionId = await requestReinstall(server, apiToken, "debian-12");
      await simulator.injectFault({ operation, kind: "operation_failed" });

      expect(await runAction(await claim(agent), agent, onHost(simulator))).toBe("error");

      const finished = await actionWithSteps(actionId);
      expect(finished.status).toBe("error");
      expect(finished.errorMsg).toMatch(/^The new KVM server could not be (created on the host|started)\. Your server was left as it was, still running on LXC\.$/);
      expect(finished.errorMsg).not.toMatch(/virsh|libvirt|injected|operation failed/i);
      const failed = operation === "define" ? "define_kvm_domain" : "start_kvm_domain";
      expect((await stepStatuses(actionId))[failed]).toBe("error");
      expect(await db().server.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({
        virtualization: "lxc",
        domainName: container,
        image: server.image,
        status: "running",
      });
      expect(await simulator.listDomains()).toEqual([expect.objectContaining({ name: container, state: "running", virtualization: "lxc" })]);
      expect(await simulator.startCount(container)).toBe(startsBefore);
      expect((await simulator.listVolumes("default")).map((volume) => volume.name)).not.toContain(diskVolumeNameFor(kvmDomainNameFor(container)));
    });
  }

  it("starts the container again when it was stopped before the rollback", { timeout: 60_000 }, async () => {
    const { server, container, simulator, apiToken, agent } = await lxcServer();
    const actionId = await requestReinstall(server, apiToken, "debian-12");
    // The container is destroyed, and then the host refuses to undefine it.
    await simulator.injectFault({ operation: "undefine", domain: container, kind: "operation_failed" });

    expect(await runAction(await claim(agent), agent, onHost(simulator))).toBe("error");

    expect((await actionWithSteps(actionId)).errorMsg).toBe("The old LXC container could not be removed. Your server was left as it was, still running on LXC.");
    expect(await domainNames(simulator)).toEqual([container]);
    expect(await simulator.domainState(container)).toBe("running");
    expect((await db().server.findUniqueOrThrow({ where: { id: server.id } })).virtualization).toBe("lxc");
  });

  it("finishes on the next attempt when the agent lost the dashboard right after removing the container", { timeout: 60_000 }, async () => {
    const setup = await lxcServer();
    const actionId = await requestReinstall(setup.server, setup.apiToken, "almalinux-9");
    const cutOff = new CutOffAfter(dashboard.app.baseUrl, setup.agent, "remove_lxc_domain");

    // The runner asks again until its lease would lapse, then leaves the action to whoever claims it next.
    expect(await runAction(await claim(setup.agent), cutOff, onHost(setup.simulator))).toBe("lease_lost");
    expect((await actionWithSteps(actionId)).status).toBe("running");
    expect(await domainNames(setup.simulator)).toEqual([kvmDomainNameFor(setup.container)]);

    // The claim waits for the lost attempt's lease (3 s) to run out, then hands the action out again.
    const resumed = await claim(setup.agent, 10_000);
    expect(resumed).toMatchObject({ id: actionId, attempt: 2 });
    expect(await runAction(resumed, setup.agent, onHost(setup.simulator))).toBe("success");

    expect((await actionWithSteps(actionId)).status).toBe("success");
    expect((await stepStatuses(actionId)).remove_lxc_domain).toBe("skipped");
    await expectSwitchedToKvm(setup, "almalinux-9");
  });
});

/** An agent's connection that breaks when it reports `step` done, as a dashboard going away would. */
class CutOffAfter extends ProviderClient {
  constructor(
    baseUrl: string,
    private readonly inner: ProviderClient,
    private readonly step: string,
  ) {
    super(baseUrl, "unused");
  }

  override progress(actionId: string, body: Parameters<ProviderClient["progress"]>[1]) {
    if (body.step === this.step && body.status !== "running") return Promise.reject(new ProviderError(0, "unreachable", "The dashboard did not answer"));
    return this.inner.progress(actionId, body);
  }

  override complete(actionId: string, body: Parameters<ProviderClient["complete"]>[1]) {
    return this.inner.complete(actionId, body);
  }
}

const libvirtSkip = libvirtSkipReason(QEMU_URI);
const hasQemuImg = (() => {
  try {
    execFileSync("qemu-img", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const kvmHalfSkip = libvirtSkip ?? (hasQemuImg ? null : "qemu-img not found (apt-get install qemu-utils)");

describe.skipIf(kvmHalfSkip)(`the KVM half on ${QEMU_URI}${kvmHalfSkip ? ` (skipped: ${kvmHalfSkip})` : ""}`, () => {
  it("defines the catalogue's template, starts it and finds a virtio balloon with a stats period running", { timeout: 120_000 }, async () => {
    const hypervisor = new LibvirtHypervisor(QEMU_URI);
    const name = uniqueDomainName("reinstall");
    const folder = await mkdtemp(path.join(os.tmpdir(), "reinstall-disk-"));
    const diskPath = path.join(folder, "x.qcow2");
    execFileSync("qemu-img", ["create", "-f", "qcow2", diskPath, "64M"], { stdio: "ignore" });
    // This machine has no libvirt network (and maybe no /dev/kvm): the NIC is left out here.
    const template: KvmTemplateOptions = { domainType: DOMAIN_TYPE, diskPath, network: null };
    const image = findImage("debian-12") ?? expect.fail("debian-12 is in the catalogue");
    const uuid = randomUUID();
    try {
      expect(await defineKvmDomain(hypervisor, image.domainXml({ name, memoryMiB: 128, vcpus: 1, uuid }, template))).toBe("done");
      expect(await defineKvmDomain(hypervisor, image.domainXml({ name, memoryMiB: 128, vcpus: 1, uuid }, template))).toBe("skipped");
      // A domain of the same name that this reinstall did not define is left alone.
      await expect(defineKvmDomain(hypervisor, image.domainXml({ name, memoryMiB: 128, vcpus: 1, uuid: randomUUID() }, template))).rejects.toThrow(
        /already called/,
      );
      expect(await startStep(hypervisor, name)).toBe("done");
      expect(await verifyKvmDomain(hypervisor, name)).toBe("done");
      const live = await hypervisor.domainXml(name, "live");
      expect(live).toContain(`<source file='${diskPath}'`);
      expect(readBalloon(live)).toMatchObject({ supported: true, model: "virtio", statsPeriod: 10 });
      expect(await observation(hypervisor, name)).toStrictEqual({ state: "running", balloon: "virtio", pendingBalloon: "virtio", at: expect.any(String), definitionsAt: expect.any(String) });
    } finally {
      await removeDomain(hypervisor, name);
      await rm(folder, { recursive: true, force: true });
    }
  });
});
