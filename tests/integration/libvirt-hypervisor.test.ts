import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { coldRestart, type RestartStep } from "@/lib/hypervisor/cold-restart.ts";
import { disableBalloon, enableBalloon, pendingChanges, readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { HypervisorError } from "@/lib/hypervisor/errors.ts";
import { LibvirtHypervisor } from "@/lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import { libvirtSkipReason, qemuDomainXml, QEMU_URI, removeDomain, TEST_DRIVER_URI, uniqueDomainName } from "../support/libvirt.ts";

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

describe.skipIf(qemuSkip)(`cold restart on ${QEMU_URI}${qemuSkip ? ` (skipped: ${qemuSkip})` : ""}`, () => {
  const hypervisor = new LibvirtHypervisor(QEMU_URI);

  it("disables the balloon: a guest ignoring ACPI is forced off, and the domain runs with model='none'", { timeout: 90_000 }, async () => {
    const name = uniqueDomainName("off");
    await defineDomain(hypervisor, qemuDomainXml(name), name);
    await hypervisor.start(name);
    await hypervisor.defineXml(disableBalloon(await hypervisor.domainXml(name, "persistent")));
    expect(pendingChanges(await hypervisor.domainXml(name, "live"), await hypervisor.domainXml(name, "persistent"))).toContainEqual({
      setting: "balloon",
      live: "virtio",
      next: "none",
    });

    const heard: string[] = [];
    const report = await coldRestart(hypervisor, name, {
      shutdownTimeoutMs: 2_000,
      pollMs: 100,
      onStep: (step: RestartStep, status) => void heard.push(`${step}:${status}`),
    });

    expect(report.steps).toEqual({ shutdown: "done", force_stop: "done", start: "done", verify: "done" });
    expect(heard).toEqual(["shutdown:running", "shutdown:done", "force_stop:running", "force_stop:done", "start:running", "start:done", "verify:running", "verify:done"]);
    expect(await hypervisor.domainState(name)).toBe("running");
    const live = await hypervisor.domainXml(name, "live");
    expect(live).toContain("<memballoon model='none'/>");
    expect(readBalloon(live)).toMatchObject({ supported: true, model: "none" });
  });

  it("enables it again: the running domain gets a virtio balloon with its stats period", { timeout: 90_000 }, async () => {
    const name = uniqueDomainName("on");
    await defineDomain(hypervisor, qemuDomainXml(name, { balloon: "<memballoon model='none'/>" }), name);
    await hypervisor.start(name);
    await hypervisor.defineXml(enableBalloon(await hypervisor.domainXml(name, "persistent"), { statsPeriod: 7 }));
    await coldRestart(hypervisor, name, { shutdownTimeoutMs: 1_000, pollMs: 100 });
    expect(readBalloon(await hypervisor.domainXml(name, "live"))).toMatchObject({ model: "virtio", statsPeriod: 7 });
    expect(await hypervisor.domainState(name)).toBe("running");
  });

  it("takes the graceful path for a domain that is already shut off: nothing is forced", { timeout: 60_000 }, async () => {
    const name = uniqueDomainName("cold");
    await defineDomain(hypervisor, qemuDomainXml(name), name);
    const report = await coldRestart(hypervisor, name, { shutdownTimeoutMs: 1_000 });
    expect(report.steps).toEqual({ shutdown: "skipped", force_stop: "skipped", start: "done", verify: "done" });
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
