import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { runAction } from "@/lib/agent/step-runner.ts";
import { DEFAULT_STATS_PERIOD, readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { HypervisorError } from "@/lib/hypervisor/errors.ts";
import { LibvirtHypervisor } from "@/lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import { claimedAction, FakeProvider, reportsFor } from "../support/fake-provider.ts";
import { libvirtSkipReason, qemuDomainXml, QEMU_URI, removeDomain, TEST_DRIVER_URI, uniqueDomainName, UnstartableWithoutBalloon } from "../support/libvirt.ts";

// The hypervisor layer on real libvirt. QEMU domains here have no guest OS, so they ignore the
// ACPI shutdown request: the real path to the forced stop. libvirt's test driver shuts down at once.

const qemuSkip = libvirtSkipReason(QEMU_URI);
const testDriverSkip = libvirtSkipReason(TEST_DRIVER_URI);
let scratch: string;
const created: { hypervisor: LibvirtHypervisor; name: string }[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "libvirt-test-"));
});
afterEach(async () => {
  for (const { hypervisor, name } of created.splice(0)) await removeDomain(hypervisor, name);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function defineDomain(hypervisor: LibvirtHypervisor, xml: string, name: string) {
  created.push({ hypervisor, name });
  await hypervisor.defineXml(xml);
}

/** A stand-in for virsh that records each invocation, then runs the real one. */
async function countingVirsh(): Promise<{ binary: string; calls: () => Promise<number> }> {
  const log = path.join(scratch, `calls-${Math.random().toString(36).slice(2)}.log`);
  const binary = `${log}.sh`;
  await writeFile(binary, `#!/bin/sh\necho call >> '${log}'\nexec virsh "$@"\n`);
  await chmod(binary, 0o755);
  const calls = async () => (await readFile(log, "utf8").catch(() => "")).split("\n").filter(Boolean).length;
  return { binary, calls };
}

describe.skipIf(qemuSkip)(`the agent's cold restart on ${QEMU_URI}${qemuSkip ? ` (skipped: ${qemuSkip})` : ""}`, () => {
  const hypervisor = new LibvirtHypervisor(QEMU_URI);
  // The production path: the agent's step runner and its commands, with the dashboard faked in memory.
  const run = (action: ClaimedAction, on: LibvirtHypervisor = hypervisor) => {
    const provider = new FakeProvider(action);
    const outcome = runAction(action, provider, {
      host: { hypervisor: on, lxcHypervisor: on, template: {}, shutdownTimeoutMs: 2_000, pollMs: 100 },
      hostRetryDelaysMs: [],
    });
    return { provider, outcome };
  };

  it("disables the balloon: a guest ignoring ACPI is forced off, and the domain runs with model='none'", { timeout: 90_000 }, async () => {
    const name = uniqueDomainName("off");
    await defineDomain(hypervisor, qemuDomainXml(name), name);
    await hypervisor.start(name);

    const { provider, outcome } = run(claimedAction("apply_settings", {}, { domainName: name, ballooning: false }));

    expect(await outcome).toBe("success");
    expect(provider.reports()).toEqual(reportsFor({ update_domain_xml: "done", shutdown: "done", force_stop: "done", start: "done", verify: "done" }));
    expect(await hypervisor.domainState(name)).toBe("running");
    const live = await hypervisor.domainXml(name, "live");
    expect(live).toContain("<memballoon model='none'/>");
    expect(readBalloon(live)).toMatchObject({ supported: true, model: "none" });
    expect(provider.completions).toEqual([expect.objectContaining({ status: "success", observed: { state: "running", balloon: "none", pendingBalloon: "none", at: expect.any(String), definitionsAt: expect.any(String) } })]);
  });

  it("enables it again: the running domain gets a virtio balloon with its stats period", { timeout: 90_000 }, async () => {
    const name = uniqueDomainName("on");
    await defineDomain(hypervisor, qemuDomainXml(name, { balloon: "<memballoon model='none'/>" }), name);
    await hypervisor.start(name);
    const { outcome } = run(claimedAction("apply_settings", {}, { domainName: name, ballooning: true }));
    expect(await outcome).toBe("success");
    expect(readBalloon(await hypervisor.domainXml(name, "live"))).toMatchObject({ model: "virtio", statsPeriod: DEFAULT_STATS_PERIOD });
    expect(await hypervisor.domainState(name)).toBe("running");
  });

  it("takes the graceful path for a domain that is already shut off: nothing is forced", { timeout: 60_000 }, async () => {
    const name = uniqueDomainName("cold");
    await defineDomain(hypervisor, qemuDomainXml(name), name);
    const { provider, outcome } = run(claimedAction("restart", { mode: "graceful" }, { domainName: name }));
    expect(await outcome).toBe("success");
    expect(provider.stepStatuses()).toEqual({ update_domain_xml: "skipped", shutdown: "skipped", force_stop: "skipped", start: "done", verify: "done" });
  });

  it("puts the previous definition back and runs it when the new one cannot start", { timeout: 90_000 }, async () => {
    const name = uniqueDomainName("undo");
    await defineDomain(hypervisor, qemuDomainXml(name), name);
    await hypervisor.start(name);
    const before = await hypervisor.domainXml(name, "persistent");

    const { provider, outcome } = run(claimedAction("apply_settings", {}, { domainName: name, ballooning: false }), new UnstartableWithoutBalloon(QEMU_URI));

    expect(await outcome).toBe("error");
    expect(provider.stepStatuses()).toMatchObject({ update_domain_xml: "done", force_stop: "done", start: "error" });
    const [completion] = provider.completions;
    expect(completion?.error).toEqual({
      code: "rolled_back",
      message: "The server could not be started again. The change was undone: your server is running with its previous settings.",
      detail: expect.stringMatching(/^start: .*Cannot access storage file '\/nonexistent\/vps-dashboard-missing-disk\.qcow2'/),
    });
    expect(completion?.observed).toEqual({ state: "running", balloon: "virtio", pendingBalloon: "virtio", at: expect.any(String), definitionsAt: expect.any(String) });
    // The domain runs what it ran before, and its definition is the one it had, byte for byte as libvirt keeps it.
    expect(await hypervisor.domainState(name)).toBe("running");
    expect(readBalloon(await hypervisor.domainXml(name, "live"))).toMatchObject({ model: "virtio", statsPeriod: 5 });
    expect(await hypervisor.domainXml(name, "persistent")).toBe(before);
  });

  it("gathers the memory of every running domain in one virsh call", { timeout: 60_000 }, async () => {
    const names = [uniqueDomainName("stats"), uniqueDomainName("stats")];
    for (const name of names) {
      await defineDomain(hypervisor, qemuDomainXml(name), name);
      await hypervisor.start(name);
    }
    const { binary, calls } = await countingVirsh();
    const stats = await new LibvirtHypervisor(QEMU_URI, { binary }).memoryStats();
    expect(await calls()).toBe(1);
    for (const name of names) {
      expect(stats.find((entry) => entry.name === name)).toMatchObject({ actualKiB: 131072, maximumKiB: 131072 });
      expect(stats.find((entry) => entry.name === name)?.rssKiB).toBeGreaterThan(0);
    }
  });
});

// The test driver keeps its state per connection (every virsh call starts from its default host,
// whose domain "test" runs with guest-style figures), so it serves for statistics, not for restarts.
describe.skipIf(testDriverSkip)(`libvirt's test driver${testDriverSkip ? ` (skipped: ${testDriverSkip})` : ""}`, () => {
  it("reports guest figures from a fixed two virsh calls (a listing, then one batch for all domains)", async () => {
    const { binary, calls } = await countingVirsh();
    const stats = await new LibvirtHypervisor(TEST_DRIVER_URI, { binary }).memoryStats();
    expect(await calls()).toBe(2);
    expect(stats.find((entry) => entry.name === "test")).toMatchObject({
      actualKiB: 2097152,
      availableKiB: expect.any(Number),
      usableKiB: expect.any(Number),
      diskCachesKiB: expect.any(Number),
      lastUpdate: expect.any(Number),
    });
  });

  it("tells the node's CPUs and physical memory from nodeinfo (the test driver's fixed host: 16 CPUs, 3 GiB)", async () => {
    expect(await new LibvirtHypervisor(TEST_DRIVER_URI).nodeInfo()).toEqual({ cpus: 16, memoryKiB: 3_145_728 });
  });
});

describe("a host that cannot be reached", () => {
  it("answers a typed 'unreachable' error carrying libvirt's own message", async () => {
    const error = await new LibvirtHypervisor("qemu+unix:///system?socket=/nonexistent/libvirt-sock").listDomains().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HypervisorError);
    expect(error).toMatchObject({ kind: "unreachable" });
    expect((error as HypervisorError).message).toMatch(/Failed to connect socket/);
  });

  it("is given up on once the time-out passes", async () => {
    const hanging = path.join(scratch, "hanging-virsh.sh");
    await writeFile(hanging, "#!/bin/sh\nsleep 20\n");
    await chmod(hanging, 0o755);
    const started = Date.now();
    const error = await new LibvirtHypervisor(QEMU_URI, { binary: hanging, timeoutMs: 300 }).listDomains().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unreachable", message: expect.stringMatching(/did not answer "list" within 300 ms/) });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
