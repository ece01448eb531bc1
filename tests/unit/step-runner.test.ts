import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { COLD_RESTART_FAILURES } from "@/lib/actions/commands/cold-restart-steps.ts";
import { stepFailure, type StepName } from "@/lib/actions/commands/index.ts";
import { runAction, type RunOptions } from "@/lib/agent/step-runner.ts";
import { kvmDomainXml, lxcDomainXml, SEED_DRIVE_TARGET } from "@/lib/hypervisor/domain-templates.ts";
import { readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import type { HypervisorErrorKind } from "@/lib/hypervisor/errors.ts";
import { createSimulatedHypervisor, type SimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import type { FaultOperation } from "@/lib/hypervisor/simulated/state-schema.ts";
import { diskVolumeNameFor, kvmDomainNameFor, seedVolumeNameFor } from "@/lib/images/catalogue.ts";
import { mediaIn } from "@/lib/hypervisor/storage-xml.ts";
import { claimedAction, completion, FakeProvider, heartbeat, noAnswer, reportsFor, stepReport, unavailable } from "../support/fake-provider.ts";
import { sshPublicKey } from "../support/ssh-keys.ts";

// The agent's step runner with a simulated host (fast guests, real state and fault injection) and
// the dashboard faked in memory: resumes, lease loss mid-wait, reports that fail in transit, undoing
// a change that cannot run, and the words each failure ends with.

const DOMAIN = "vps-runner-1";
let dataDir: string;
let host: SimulatedHypervisor;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "step-runner-"));
  host = createSimulatedHypervisor({ uri: "simulated:///runner-test", dataDir, timings: { shutdownMs: 40, bootMs: 10 } });
  await host.defineXml(kvmDomainXml({ name: DOMAIN, memoryMiB: 2048, vcpus: 1, ballooning: true }));
  await host.start(DOMAIN);
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const options = (overrides: Partial<RunOptions> = {}): RunOptions => ({
  host: { hypervisor: host, lxcHypervisor: host, template: {}, shutdownTimeoutMs: 2_000, pollMs: 10 },
  hostRetryDelaysMs: [10, 20],
  heartbeatMs: 50,
  firstRetryMs: 20,
  ...overrides,
});

const disableBallooning = (ttlMs = 3_000) => claimedAction("apply_settings", {}, { domainName: DOMAIN, ballooning: false, ttlMs });
const liveBalloon = async () => readBalloon(await host.domainXml(DOMAIN, "live"));
const inject = (operation: FaultOperation, kind: HypervisorErrorKind, times = 1) => host.injectFault({ operation, domain: DOMAIN, kind, times });

async function run(action: ClaimedAction, provider = new FakeProvider(action), overrides: Partial<RunOptions> = {}) {
  const outcome = await runAction(action, provider, options(overrides));
  return { outcome, provider };
}

describe("the step runner on the happy path", () => {
  it("reports every step as it starts and ends, restarts once, and completes with what runs", async () => {
    const { outcome, provider } = await run(disableBallooning());
    expect(outcome).toBe("success");
    expect(provider.reports()).toEqual(reportsFor({ update_domain_xml: "done", shutdown: "done", force_stop: "skipped", start: "done", verify: "done" }));
    expect(await host.startCount(DOMAIN)).toBe(2);
    expect(await liveBalloon()).toMatchObject({ model: "none" });
    expect(provider.completions).toEqual([{ lease: expect.any(String), status: "success", observed: { state: "running", balloon: "none", pendingBalloon: "none", at: expect.any(String), definitionsAt: expect.any(String) } }]);
  });

  it("records how the server was before it changes anything", async () => {
    const before = await host.domainXml(DOMAIN, "persistent");
    const { provider } = await run(disableBallooning());
    expect(provider.recorded("update_domain_xml")).toEqual({ wasRunning: true, previousXml: before });
    const recordAt = provider.calls.findIndex((call) => call.kind === "progress" && call.body.data !== undefined);
    const changedAt = provider.reports().indexOf("update_domain_xml:done");
    expect(recordAt).toBeGreaterThan(-1);
    expect(recordAt).toBeLessThan(provider.calls.findIndex(stepReport("update_domain_xml", "done")));
    expect(changedAt).toBeGreaterThan(-1);
  });
});

describe("reports the dashboard does not take", () => {
  it("finishes the restart when one report right after 'shutdown done' gets a 503", async () => {
    const action = disableBallooning();
    const provider = new FakeProvider(action);
    provider.fail(stepReport("shutdown", "done"), unavailable);
    const { outcome } = await run(action, provider);
    expect(outcome).toBe("success");
    expect(await host.domainState(DOMAIN)).toBe("running");
    expect(await liveBalloon()).toMatchObject({ model: "none" });
    expect(await host.startCount(DOMAIN)).toBe(2);
    expect(provider.reports().filter((report) => report === "shutdown:done")).toHaveLength(2);
  });

  it.each([
    ["a report that times out after the dashboard took it", stepReport("start", "done"), { afterApplying: true }],
    ["a lost answer to the completion", completion("success"), { afterApplying: true }],
    ["503s on heartbeats", heartbeat, { times: 3 }],
  ] as const)("is not thrown off by %s", async (_label, matches, fault) => {
    const action = disableBallooning();
    const provider = new FakeProvider(action);
    provider.fail(matches, "afterApplying" in fault ? noAnswer : unavailable, fault);
    provider.latencyMs = 5;
    const { outcome } = await run(action, provider);
    expect(outcome).toBe("success");
    expect(provider.completions).toHaveLength(1);
    expect(await host.startCount(DOMAIN)).toBe(2);
  });

  it("stops, completing nothing, when no report gets through before the lease would lapse", async () => {
    const action = disableBallooning(1_000);
    const provider = new FakeProvider(action);
    provider.fail((call) => call.kind === "progress", unavailable, { times: 1_000 });
    const started = Date.now();
    const { outcome } = await run(action, provider);
    expect(outcome).toBe("lease_lost");
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(provider.completions).toEqual([]);
    expect(await host.startCount(DOMAIN)).toBe(1); // nothing was done on the host
  });

  it("never has two heartbeats in flight, however slow the dashboard answers", async () => {
    const action = disableBallooning();
    const provider = new FakeProvider(action);
    provider.latencyMs = 120; // slower than the 50 ms between heartbeats
    await host.setGuestBehaviour(DOMAIN, { ignoresAcpi: true });
    await run(action, provider, { host: { hypervisor: host, lxcHypervisor: host, template: {}, shutdownTimeoutMs: 600, pollMs: 10 } });
    const beats = provider.calls.filter(heartbeat).length;
    expect(beats).toBeGreaterThan(2);
    expect(provider.maxHeartbeatsInFlight).toBe(1);
    // Step reports run beside the heartbeat: never more than one of each at once.
    expect(provider.maxInFlight).toBeLessThanOrEqual(2);
  });
});

describe("losing the lease", () => {
  it("stops waiting for a shutdown the moment another agent takes the action over", async () => {
    await host.setGuestBehaviour(DOMAIN, { ignoresAcpi: true });
    const action = disableBallooning();
    const provider = new FakeProvider(action);
    provider.on(stepReport("shutdown", "running"), () => provider.takeOver());
    const started = Date.now();
    const { outcome } = await run(action, provider, { host: { hypervisor: host, lxcHypervisor: host, template: {}, shutdownTimeoutMs: 60_000, pollMs: 10 } });
    expect(outcome).toBe("lease_lost");
    expect(Date.now() - started).toBeLessThan(2_000); // one heartbeat, not the 60 s shutdown wait
    expect(await host.domainState(DOMAIN)).toBe("running"); // not forced off by an agent that lost the action
    expect(await host.startCount(DOMAIN)).toBe(1);
    expect(provider.completions).toEqual([]);
  });

  it("resumes at the first unfinished step on the next attempt, with one cold start in all", async () => {
    const action = disableBallooning();
    const provider = new FakeProvider(action);
    provider.on(stepReport("start", "running"), () => provider.takeOver());
    expect((await run(action, provider)).outcome).toBe("lease_lost");
    expect(await host.domainState(DOMAIN)).toBe("shutoff");

    const resumed = provider.reclaim();
    // The report that would have marked "start" running was refused: the other agent holds the action.
    expect(resumed.steps.map((step) => step.status)).toEqual(["done", "done", "skipped", "pending", "pending"]);
    const { outcome } = await run(resumed, provider);
    expect(outcome).toBe("success");
    expect(await host.startCount(DOMAIN)).toBe(2);
    expect(await liveBalloon()).toMatchObject({ model: "none" });
    // The resumed attempt ran only what was left.
    expect(provider.reports().slice(-4)).toEqual(["start:running", "start:done", "verify:running", "verify:done"]);
  });
});

describe("libvirt failing", () => {
  it("tries a step again when libvirt could not be reached for a moment", async () => {
    await inject("start", "unreachable", 2);
    const { outcome } = await run(disableBallooning());
    expect(outcome).toBe("success");
    expect(await host.startCount(DOMAIN)).toBe(2);
  });

  it("puts the previous definition back and runs it when the new one does not start", async () => {
    const before = await host.domainXml(DOMAIN, "persistent");
    await inject("start", "operation_failed");
    const { outcome, provider } = await run(disableBallooning());
    expect(outcome).toBe("error");
    expect(provider.completions[0]?.error).toEqual({
      code: "rolled_back",
      message: `${COLD_RESTART_FAILURES.start} The change was undone: your server is running with its previous settings.`,
      detail: "start: operation failed: injected fault (injected fault)",
    });
    expect(provider.stepStatuses()).toMatchObject({ update_domain_xml: "done", start: "error", verify: "pending" });
    expect(await host.domainState(DOMAIN)).toBe("running");
    expect(await host.domainXml(DOMAIN, "persistent")).toBe(before);
    expect(await liveBalloon()).toMatchObject({ model: "virtio" });
    expect(provider.completions[0]?.observed).toEqual({ state: "running", balloon: "virtio", pendingBalloon: "virtio", at: expect.any(String), definitionsAt: expect.any(String) });
  });

  it("stops a domain that runs the new definition but fails its check, and starts it with the previous one", async () => {
    const action = disableBallooning();
    const provider = new FakeProvider(action);
    provider.on(stepReport("verify", "running"), () => inject("domainState", "operation_failed"));
    const { outcome } = await run(action, provider);
    expect(outcome).toBe("error");
    expect(provider.completions[0]?.error?.code).toBe("rolled_back");
    expect(await host.startCount(DOMAIN)).toBe(3); // the new definition's start, then the previous one's
    expect(await liveBalloon()).toMatchObject({ model: "virtio" });
    expect(await host.domainState(DOMAIN)).toBe("running");
  });

  it("says nothing was changed when the new definition could not be saved", async () => {
    await inject("define", "invalid_argument");
    const { outcome, provider } = await run(disableBallooning());
    expect(outcome).toBe("error");
    expect(provider.completions[0]?.error).toMatchObject({
      code: "not_applied",
      message: `${COLD_RESTART_FAILURES.update_domain_xml} Nothing was changed: your server is running with its previous settings.`,
    });
    expect(await host.startCount(DOMAIN)).toBe(1);
  });

  it("leaves a server that cannot be stopped running as it was, its definition put back", async () => {
    await host.setGuestBehaviour(DOMAIN, { ignoresAcpi: true });
    const before = await host.domainXml(DOMAIN, "persistent");
    await inject("destroy", "operation_failed");
    const { outcome, provider } = await run(disableBallooning(), undefined, {
      host: { hypervisor: host, lxcHypervisor: host, template: {}, shutdownTimeoutMs: 100, pollMs: 10 },
    });
    expect(outcome).toBe("error");
    expect(provider.completions[0]?.error?.message).toBe(`${COLD_RESTART_FAILURES.force_stop} The change was undone: your server is running with its previous settings.`);
    expect(await host.domainState(DOMAIN)).toBe("running");
    expect(await host.domainXml(DOMAIN, "persistent")).toBe(before);
    expect(await host.startCount(DOMAIN)).toBe(1);
  });

  it("lets the forced stop take over when the host refuses the clean shutdown", async () => {
    await inject("shutdown", "operation_failed");
    const { outcome, provider } = await run(disableBallooning());
    expect(outcome).toBe("success");
    expect(provider.stepStatuses()).toMatchObject({ shutdown: "done", force_stop: "done", start: "done" });
  });

  it("says so plainly when undoing fails too", async () => {
    await inject("start", "operation_failed", 2);
    const { outcome, provider } = await run(disableBallooning());
    expect(outcome).toBe("error");
    expect(provider.completions[0]?.error).toMatchObject({
      code: "rollback_failed",
      message: `${COLD_RESTART_FAILURES.start} Undoing it did not work either, so your server may be stopped. Please contact support with the reference below.`,
    });
  });

  it("keeps a server that was stopped before stopped when its change is undone", async () => {
    await host.destroy(DOMAIN);
    await inject("start", "operation_failed");
    const { provider } = await run(disableBallooning());
    expect(provider.completions[0]?.error?.message).toBe(
      `${COLD_RESTART_FAILURES.start} The change was undone: your server is stopped, as it was before, with its previous settings.`,
    );
    expect(await host.domainState(DOMAIN)).toBe("shutoff");
  });
});

describe("a forced restart and a legacy container", () => {
  it("skips the clean shutdown when forced", async () => {
    const { outcome, provider } = await run(claimedAction("restart", { mode: "force" }, { domainName: DOMAIN }));
    expect(outcome).toBe("success");
    expect(provider.stepStatuses()).toEqual({ update_domain_xml: "skipped", shutdown: "skipped", force_stop: "done", start: "done", verify: "done" });
  });

  it("restarts an LXC container, which has no balloon to set", async () => {
    await host.defineXml(lxcDomainXml({ name: "ct-runner-1", memoryMiB: 512, vcpus: 1 }));
    await host.start("ct-runner-1");
    const { outcome } = await run(claimedAction("restart", { mode: "graceful" }, { domainName: "ct-runner-1", virtualization: "lxc", ballooning: false }));
    expect(outcome).toBe("success");
    expect(await host.startCount("ct-runner-1")).toBe(2);
  });
});

describe("a reinstall", () => {
  const CONTAINER = "ct-reinstall-1";

  beforeEach(async () => {
    await host.defineXml(lxcDomainXml({ name: CONTAINER, memoryMiB: 1024, vcpus: 1 }));
    await host.start(CONTAINER);
  });

  const reinstall = () => claimedAction("reinstall", { image: "debian-12" }, { domainName: CONTAINER, virtualization: "lxc" });

  it("rolls back to the container when the new KVM domain does not start", async () => {
    await host.injectFault({ operation: "start", domain: kvmDomainNameFor(CONTAINER), kind: "operation_failed" });
    const { outcome, provider } = await run(reinstall());
    expect(outcome).toBe("error");
    expect(provider.completions[0]?.error).toMatchObject({
      code: "rolled_back",
      message: "The new KVM server could not be started. Your server was left as it was, still running on LXC.",
    });
    expect((await host.listDomains()).map((domain) => domain.name)).not.toContain(kvmDomainNameFor(CONTAINER));
    expect(await host.domainState(CONTAINER)).toBe("running");
  });

  it("after the container is gone, leaves what the dashboard refused to the next attempt, which finishes the move", async () => {
    const action = reinstall();
    const provider = new FakeProvider(action);
    provider.fail(stepReport("switch_server_record", "done"), () => new Error("refused"));
    const first = await runAction(action, provider, options());
    expect(first).toBe("refused");
    expect((await host.listDomains()).map((domain) => domain.name).sort()).toEqual([kvmDomainNameFor(CONTAINER), DOMAIN].sort());
    const { outcome } = await run(provider.reclaim(), provider);
    expect(outcome).toBe("success");
  });
});

describe("a reinstall's disk and seed on the simulated host", () => {
  const CONTAINER = "ct-disk-1";
  const KVM = kvmDomainNameFor(CONTAINER);
  const DISK = diskVolumeNameFor(KVM);
  const SEED = seedVolumeNameFor(KVM);
  const volumes = async () => (await host.listVolumes("default")).map((volume) => volume.name);
  const withKey = () =>
    claimedAction("reinstall", { image: "debian-12", hostname: "web-1", diskGiB: 20, login: { sshKey: sshPublicKey() } }, { domainName: CONTAINER, virtualization: "lxc" });
  const withoutWaiting = () => options({ host: { hypervisor: host, lxcHypervisor: host, template: {}, shutdownTimeoutMs: 2_000, pollMs: 10, firstBootGraceMs: 0 } });

  beforeEach(async () => {
    await host.defineXml(lxcDomainXml({ name: CONTAINER, memoryMiB: 1024, vcpus: 1 }));
    await host.start(CONTAINER);
  });

  it("boots an overlay of the image sized to the plan, and removes the seed once the server verified", async () => {
    const action = withKey();
    const provider = new FakeProvider(action);
    let seedAttached: string | null = null;
    provider.on(stepReport("remove_first_boot_seed", "running"), async () => {
      seedAttached = mediaIn(await host.domainXml(KVM, "live"), SEED_DRIVE_TARGET);
    });
    expect(await runAction(action, provider, withoutWaiting())).toBe("success");
    expect(seedAttached).toBe(`/var/lib/libvirt/images/${SEED}`);
    expect(await host.volumeInfo("default", DISK)).toMatchObject({ capacityBytes: 20 * 1024 ** 3, backingPath: "/var/lib/libvirt/images/debian-12.qcow2" });
    expect(await volumes()).not.toContain(SEED);
    expect(mediaIn(await host.domainXml(KVM, "live"), SEED_DRIVE_TARGET)).toBeNull();
    expect(provider.recorded("create_disk")).toStrictEqual({ pool: "default", volume: DISK, backingPath: "/var/lib/libvirt/images/debian-12.qcow2" });
  });

  it("ejects the seed as soon as the guest's balloon driver reports, long before the grace runs out", async () => {
    const action = withKey();
    const began = Date.now();
    const patient = options({ host: { hypervisor: host, lxcHypervisor: host, template: {}, shutdownTimeoutMs: 2_000, pollMs: 10, firstBootGraceMs: 60_000 } });
    expect(await runAction(action, new FakeProvider(action), patient)).toBe("success");
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(await volumes()).not.toContain(SEED);
  });

  it("logs and reports no key or password hash, whether the run succeeds or the seed's upload fails", async () => {
    const hash = `$6$saltsalt$${"c".repeat(86)}`;
    for (const [login, secret, fault] of [
      [{ passwordHash: hash }, hash, false],
      [{ sshKey: sshPublicKey("secret-key-comment") }, "secret-key-comment", true],
    ] as const) {
      const lines: string[] = [];
      const action = claimedAction("reinstall", { image: "debian-12", login }, { domainName: CONTAINER, virtualization: "lxc" });
      if (fault) await host.injectFault({ operation: "uploadVolume", domain: SEED, kind: "operation_failed" });
      const provider = new FakeProvider(action);
      const outcome = await runAction(action, provider, { ...withoutWaiting(), log: (message, fields) => lines.push(`${message} ${JSON.stringify(fields, (_, value: unknown) => (value instanceof Error ? { message: value.message, stack: value.stack } : value))}`) });
      expect(outcome).toBe(fault ? "error" : "success");
      expect(lines.some((line) => line.includes("create_first_boot_seed"))).toBe(true);
      expect(lines.join("\n")).not.toContain(secret);
      expect(JSON.stringify(provider.calls)).not.toContain(secret);
      if (!fault) {
        await host.destroy(KVM);
        await host.undefine(KVM);
        await host.deleteVolume("default", DISK);
        await host.defineXml(lxcDomainXml({ name: CONTAINER, memoryMiB: 1024, vcpus: 1 }));
        await host.start(CONTAINER);
      }
    }
  });

  it("reuses the disk it created when a later attempt runs create_disk again", async () => {
    const action = withKey();
    const provider = new FakeProvider(action);
    provider.fail(stepReport("create_disk", "done"), () => new Error("refused"));
    expect(await runAction(action, provider, withoutWaiting())).toBe("refused");
    expect(await volumes()).toContain(DISK);
    expect(await runAction(provider.reclaim(), provider, withoutWaiting())).toBe("success");
    expect(provider.stepStatuses()).toMatchObject({ create_disk: "skipped", create_first_boot_seed: "done", remove_first_boot_seed: "done" });
  });

  it("refuses a disk of the server's name it did not create, and leaves it and the container alone", async () => {
    await host.createOverlayVolume({ pool: "default", name: DISK, backingVolume: "debian-12.qcow2", capacityBytes: 1024 ** 3 });
    const action = withKey();
    const provider = new FakeProvider(action);
    expect(await runAction(action, provider, withoutWaiting())).toBe("error");
    expect(provider.completions[0]?.error).toMatchObject({ code: "disk_taken" });
    expect(await volumes()).toContain(DISK);
    expect(await host.domainState(CONTAINER)).toBe("running");
  });

  it("refuses an image whose base volume the node lacks, before it creates anything", async () => {
    await host.deleteVolume("default", "almalinux-9.qcow2");
    const action = claimedAction("reinstall", { image: "almalinux-9" }, { domainName: CONTAINER, virtualization: "lxc" });
    const provider = new FakeProvider(action);
    expect(await runAction(action, provider, withoutWaiting())).toBe("error");
    expect(provider.completions[0]?.error).toMatchObject({ code: "image_missing" });
    expect(await host.domainState(CONTAINER)).toBe("running");
  });

  it("refuses a malformed key at the seed, saying so without quoting it, and deletes the disk it made", async () => {
    const action = claimedAction("reinstall", { image: "debian-12", login: { sshKey: "ssh-ed25519 AAAA-not-a-key secret-comment" } }, { domainName: CONTAINER, virtualization: "lxc" });
    const provider = new FakeProvider(action);
    expect(await runAction(action, provider, withoutWaiting())).toBe("error");
    expect(provider.completions[0]?.error).toMatchObject({ code: "invalid_login" });
    expect(JSON.stringify(provider.calls)).not.toContain("secret-comment");
    expect(await volumes()).not.toContain(DISK);
    expect(await host.domainState(CONTAINER)).toBe("running");
  });

  it("rolls back a start that fails: the KVM domain, its disk and its seed go, the container runs", async () => {
    await host.injectFault({ operation: "start", domain: KVM, kind: "operation_failed" });
    const action = withKey();
    const provider = new FakeProvider(action);
    expect(await runAction(action, provider, withoutWaiting())).toBe("error");
    expect(provider.completions[0]?.error?.code).toBe("rolled_back");
    expect(await volumes()).not.toContain(DISK);
    expect(await volumes()).not.toContain(SEED);
    expect((await host.listDomains()).map((domain) => domain.name)).not.toContain(KVM);
    expect(await host.domainState(CONTAINER)).toBe("running");
  });
});

describe("the words each step's failure ends with", () => {
  // A fault that fails the step for good (libvirt refusing, or unreachable past every retry), and how it ends.
  const coldRestart: [StepName<"apply_settings">, FaultOperation, HypervisorErrorKind, string][] = [
    ["update_domain_xml", "define", "invalid_argument", "Nothing was changed: your server is running with its previous settings."],
    ["shutdown", "shutdown", "unreachable", "The change was undone: your server is running with its previous settings."],
    ["force_stop", "destroy", "operation_failed", "The change was undone: your server is running with its previous settings."],
    ["start", "start", "operation_failed", "The change was undone: your server is running with its previous settings."],
    ["verify", "domainState", "operation_failed", "The change was undone: your server is running with its previous settings."],
  ];

  it.each(coldRestart)("apply_settings failing at %s says the step's sentence, then how it ended", async (step, operation, kind, ending) => {
    await host.setGuestBehaviour(DOMAIN, { ignoresAcpi: true }); // so that the forced stop runs
    const action = disableBallooning();
    const provider = new FakeProvider(action);
    provider.on(stepReport(step, "running"), () => inject(operation, kind, kind === "unreachable" ? 10 : 1));
    const { outcome } = await run(action, provider, { host: { hypervisor: host, lxcHypervisor: host, template: {}, shutdownTimeoutMs: 100, pollMs: 10 } });
    expect(outcome).toBe("error");
    expect(provider.completions[0]?.error?.message).toBe(`${stepFailure("apply_settings", step)} ${ending}`);
    expect(await host.domainState(DOMAIN)).toBe("running");
  });

  const CONTAINER = "ct-words-1";
  const reinstallSteps: [StepName<"reinstall">, FaultOperation, "kvm" | "kvm_disk" | "container"][] = [
    ["create_disk", "createVolume", "kvm_disk"],
    ["define_kvm_domain", "define", "kvm"],
    ["start_kvm_domain", "start", "kvm"],
    ["verify_kvm_domain", "domainState", "kvm"],
    ["remove_lxc_domain", "undefine", "container"],
  ];

  it.each(reinstallSteps)("a reinstall failing at %s says the step's sentence and that the server was left on LXC", async (step, operation, on) => {
    await host.defineXml(lxcDomainXml({ name: CONTAINER, memoryMiB: 1024, vcpus: 1 }));
    await host.start(CONTAINER);
    const action = claimedAction("reinstall", { image: "debian-12" }, { domainName: CONTAINER, virtualization: "lxc" });
    const provider = new FakeProvider(action);
    const domain = on === "kvm" ? kvmDomainNameFor(CONTAINER) : on === "kvm_disk" ? diskVolumeNameFor(kvmDomainNameFor(CONTAINER)) : CONTAINER;
    provider.on(stepReport(step, "running"), () => host.injectFault({ operation, domain, kind: "operation_failed" }));
    const { outcome } = await run(action, provider);
    expect(outcome).toBe("error");
    expect(provider.completions[0]?.error?.message).toBe(`${stepFailure("reinstall", step)} Your server was left as it was, still running on LXC.`);
    expect(await host.domainState(CONTAINER)).toBe("running");
  });
});
