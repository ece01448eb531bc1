import { randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { disableBalloon, pendingChanges } from "@/lib/hypervisor/domain-xml.ts";
import { createSimulatedHypervisor, type SimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";

// The simulated host behaves like libvirt where the product relies on it. Every test gets a fresh
// data folder and a clock it moves by hand; "a second instance" stands for a restarted app or another
// process (the host agent, a test injecting a fault) opening the same state file.

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/simulated");
const WEB_1 = readFileSync(path.join(FIXTURES, "kvm-web-1.xml"), "utf8");
const LEGACY_1 = readFileSync(path.join(FIXTURES, "lxc-legacy-1.xml"), "utf8");
const WEB_1_UUID = "6f1c2b7e-3d4a-4c1e-9b8f-2a5d7e9c0b11";
const FAST = { shutdownMs: 50, bootMs: 20 };

/** The KVM fixture under another name and uuid. */
const kvmDomain = (name: string) => WEB_1.replaceAll("web-1", name).replace(WEB_1_UUID, randomUUID());

let dataDir: string;
let now: number;
const clock = () => now;

function openHost(options: { timings?: { shutdownMs?: number; bootMs?: number } } = {}): SimulatedHypervisor {
  return createSimulatedHypervisor({ uri: "simulated:///sim-test-01", dataDir, clock, timings: options.timings ?? FAST });
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "simulated-host-"));
  now = Date.UTC(2025, 5, 2, 10, 0, 0);
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("createSimulatedHypervisor", () => {
  it("keeps the host's state in <dataDir>/simulated/<host-name>.json", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    expect(host.stateFile).toBe(path.join(dataDir, "simulated", "sim-test-01.json"));
    expect(existsSync(host.stateFile)).toBe(true);
  });

  it.each(["qemu:///system", "simulated:///", "simulated://sim-1", "simulated:///Sim-1", "simulated:///-sim", "simulated:///sim/1", `simulated:///${"a".repeat(64)}`])(
    "refuses the URI %s",
    (uri) => {
      expect(() => createSimulatedHypervisor({ uri, dataDir })).toThrow(expect.objectContaining({ kind: "invalid_argument" }));
    },
  );

  it("accepts a host name of up to 63 characters", () => {
    expect(createSimulatedHypervisor({ uri: `simulated:///${"a".repeat(63)}`, dataDir }).hostName).toBe("a".repeat(63));
  });
});

describe("defining domains", () => {
  it("defines a domain shut off and lists it with its uuid and kind", async () => {
    const host = openHost();
    expect(await host.defineXml(WEB_1)).toBe("web-1");
    expect(await host.defineXml(LEGACY_1)).toBe("legacy-1");
    expect(await host.listDomains()).toEqual([
      { name: "legacy-1", uuid: "0b7d5e2a-91c4-4f3e-8a6d-5c2e1f9a7b30", state: "shutoff", virtualization: "lxc" },
      { name: "web-1", uuid: WEB_1_UUID, state: "shutoff", virtualization: "kvm" },
    ]);
  });

  it.each([
    ["an empty document", ""],
    ["malformed XML", "<domain type='kvm'><name>web-1</name>"],
    ["mismatched tags", WEB_1.replace("</vcpu>", "</cpu>")],
    ["a root other than <domain>", "<network><name>default</name></network>"],
    ["a domain without a name", WEB_1.replace("<name>web-1</name>", "")],
    ["a domain without memory", WEB_1.replace("<memory unit='KiB'>4194304</memory>", "")],
    ["a malformed uuid", WEB_1.replace(WEB_1_UUID, "not-a-uuid")],
  ])("refuses %s as invalid_argument and defines nothing", async (_case, xml) => {
    const host = openHost();
    await expect(host.defineXml(xml)).rejects.toMatchObject({ kind: "invalid_argument" });
    expect(await host.listDomains()).toEqual([]);
  });

  it("writes a generated uuid into a definition that has none, so dumpxml can be redefined", async () => {
    const host = openHost();
    await host.defineXml(WEB_1.replace(`  <uuid>${WEB_1_UUID}</uuid>\n`, ""));
    const [domain] = await host.listDomains();
    const persistent = await host.domainXml("web-1", "persistent");
    expect(persistent).toContain(`<name>web-1</name>\n  <uuid>${domain?.uuid}</uuid>`);
    await expect(host.defineXml(persistent)).resolves.toBe("web-1");
  });

  it("refuses, like libvirt, a redefinition that carries another uuid", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await expect(host.defineXml(kvmDomain("web-1"))).rejects.toMatchObject({
      kind: "operation_failed",
      message: `operation failed: domain 'web-1' already exists with uuid ${WEB_1_UUID}`,
    });
    await expect(host.defineXml(WEB_1.replace("<name>web-1</name>", "<name>web-2</name>"))).rejects.toMatchObject({
      kind: "operation_failed",
      message: `operation failed: domain 'web-1' is already defined with uuid ${WEB_1_UUID}`,
    });
  });

  it("gives the persistent definition for both flavours while the domain is shut off, as dumpxml does", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    expect(await host.domainXml("web-1", "live")).toBe(WEB_1);
    expect(await host.domainXml("web-1", "persistent")).toBe(WEB_1);
  });
});

describe("cold restart", () => {
  it("starts a domain running with a live definition equal to the persistent one", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.start("web-1");
    expect(await host.domainState("web-1")).toBe("running");
    expect(await host.domainXml("web-1", "live")).toBe(await host.domainXml("web-1", "persistent"));
  });

  it("applies a redefinition of a running domain only after shutdown, shut off and start", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.start("web-1");
    now += 100;

    await host.defineXml(disableBalloon(WEB_1));
    const live = await host.domainXml("web-1", "live");
    expect(live).toBe(WEB_1);
    expect(pendingChanges(live, await host.domainXml("web-1", "persistent"))).toEqual([
      { setting: "balloon", live: "virtio", next: "none" },
      { setting: "statsPeriod", live: "10", next: "none" },
    ]);

    await host.shutdown("web-1");
    now += FAST.shutdownMs;
    expect(await host.domainState("web-1")).toBe("shutoff");
    await host.start("web-1");
    expect(pendingChanges(await host.domainXml("web-1", "live"), await host.domainXml("web-1", "persistent"))).toEqual([]);
  });

  it("refuses to start a domain that is already running", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.start("web-1");
    await expect(host.start("web-1")).rejects.toMatchObject({
      kind: "operation_failed",
      message: "Requested operation is not valid: domain is already running",
    });
  });

  it("refuses to start a domain while it is still shutting down", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.start("web-1");
    now += 100;
    await host.shutdown("web-1");
    await expect(host.start("web-1")).rejects.toMatchObject({ kind: "operation_failed" });
  });

  it("refuses to undefine a running domain and undefines a shut-off one", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.start("web-1");
    await expect(host.undefine("web-1")).rejects.toMatchObject({ kind: "operation_failed" });
    await host.destroy("web-1");
    await host.undefine("web-1");
    expect(await host.listDomains()).toEqual([]);
  });

  it("refuses to shut down or destroy a domain that is not running", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await expect(host.shutdown("web-1")).rejects.toMatchObject({ kind: "operation_failed" });
    await expect(host.destroy("web-1")).rejects.toMatchObject({ kind: "operation_failed" });
  });
});

describe("ACPI shutdown", () => {
  it("shuts the domain off when the guest's shutdown time has passed, and not before", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.start("web-1");
    now += 100;
    await host.shutdown("web-1");
    expect(await host.domainState("web-1")).toBe("shutting_down");
    now += FAST.shutdownMs - 1;
    expect(await host.domainState("web-1")).toBe("shutting_down");
    expect(await host.domainXml("web-1", "live")).toBe(WEB_1);
    now += 1;
    expect(await host.domainState("web-1")).toBe("shutoff");
  });

  it("takes 3 to 8 seconds by default, the same for a domain every time", async () => {
    const host = openHost({ timings: { bootMs: 0 } });
    await host.defineXml(WEB_1);
    const durations: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      await host.start("web-1");
      await host.shutdown("web-1");
      const from = now;
      while ((await host.domainState("web-1")) === "shutting_down") now += 100;
      durations.push(now - from);
    }
    expect(durations[0]).toBeGreaterThanOrEqual(3_000);
    expect(durations[0]).toBeLessThanOrEqual(8_100);
    expect(durations[1]).toBe(durations[0]);
  });

  it("handles a power-button press sent while the guest boots once it has booted", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.start("web-1");
    await host.shutdown("web-1");
    now += FAST.bootMs + FAST.shutdownMs - 1;
    expect(await host.domainState("web-1")).toBe("shutting_down");
    now += 1;
    expect(await host.domainState("web-1")).toBe("shutoff");
  });

  it("keeps a guest that ignores ACPI running until it is destroyed", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.setGuestBehaviour("web-1", { ignoresAcpi: true });
    await host.start("web-1");
    await host.shutdown("web-1");
    now += 60 * 60_000;
    expect(await host.domainState("web-1")).toBe("running");
    await host.destroy("web-1");
    expect(await host.domainState("web-1")).toBe("shutoff");
  });
});

describe("unknown domains", () => {
  const message = "Domain not found: no domain with matching name 'ghost'";

  it.each([
    ["domainState", (host: SimulatedHypervisor) => host.domainState("ghost")],
    ["domainXml", (host: SimulatedHypervisor) => host.domainXml("ghost", "live")],
    ["start", (host: SimulatedHypervisor) => host.start("ghost")],
    ["shutdown", (host: SimulatedHypervisor) => host.shutdown("ghost")],
    ["destroy", (host: SimulatedHypervisor) => host.destroy("ghost")],
    ["undefine", (host: SimulatedHypervisor) => host.undefine("ghost")],
    ["setGuestBehaviour", (host: SimulatedHypervisor) => host.setGuestBehaviour("ghost", { ignoresAcpi: true })],
  ])("answers %s with not_found and libvirt's message", async (_operation, call) => {
    await expect(call(openHost())).rejects.toMatchObject({ kind: "not_found", message });
  });
});

describe("a restarted app", () => {
  it("sees the same domains and states, and a shutdown in progress finishes on time", async () => {
    const before = openHost();
    await before.defineXml(WEB_1);
    await before.defineXml(LEGACY_1);
    await before.start("web-1");
    await before.start("legacy-1");
    now += 100;
    await before.shutdown("web-1");

    const after = openHost();
    expect(await after.listDomains()).toEqual(await before.listDomains());
    expect(await after.domainState("web-1")).toBe("shutting_down");
    now += FAST.shutdownMs;
    expect(await after.domainState("web-1")).toBe("shutoff");
    expect(await after.domainState("legacy-1")).toBe("running");
  });
});

describe("concurrent updates", () => {
  it("records every one of 20 faults injected at once through two instances", async () => {
    const [first, second] = [openHost(), openHost()];
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 ? first : second).injectFault({ operation: "listDomains", kind: "unreachable" }),
      ),
    );
    for (let call = 0; call < 20; call += 1) {
      await expect(first.listDomains()).rejects.toMatchObject({ kind: "unreachable" });
    }
    await expect(first.listDomains()).resolves.toEqual([]);
  });

  it("loses no write when another process updates the state file at the same time", async () => {
    const host = openHost();
    const driver = path.resolve(import.meta.dirname, "../../lib/hypervisor/simulated/simulated-hypervisor.ts");
    const script = `
      import { createSimulatedHypervisor } from ${JSON.stringify(driver)};
      const host = createSimulatedHypervisor({ uri: "simulated:///sim-test-01", dataDir: ${JSON.stringify(dataDir)} });
      for (let index = 0; index < 30; index += 1) await host.injectFault({ operation: "listDomains", kind: "timeout" });`;
    let otherProcessDone = false;
    const otherProcess = promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]).finally(() => {
      otherProcessDone = true;
    });
    let ours = 0;
    while (!otherProcessDone) {
      await host.injectFault({ operation: "listDomains", kind: "timeout" });
      ours += 1;
    }
    await otherProcess;

    let failures = 0;
    while (await host.listDomains().then(() => false, () => true)) failures += 1;
    expect(failures).toBe(ours + 30);
  });

  it("keeps every domain defined at once through two instances", async () => {
    const [first, second] = [openHost(), openHost()];
    const names = Array.from({ length: 10 }, (_, index) => `vps-${index}`);
    await Promise.all(names.map((name, index) => (index % 2 ? first : second).defineXml(kvmDomain(name))));
    expect((await second.listDomains()).map((domain) => domain.name)).toEqual(names);
  });
});

describe("fault injection", () => {
  it("fails the operation as many times as asked, with the given error, then works again", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.injectFault({ operation: "start", kind: "timeout", message: "Timed out during operation", times: 2 });
    for (let call = 0; call < 2; call += 1) {
      await expect(host.start("web-1")).rejects.toMatchObject({ kind: "timeout", message: "Timed out during operation" });
    }
    await host.start("web-1");
    expect(await host.domainState("web-1")).toBe("running");
  });

  it("fails only calls on the named domain", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.defineXml(LEGACY_1);
    await host.injectFault({ operation: "domainXml", domain: "legacy-1", kind: "unreachable" });
    await expect(host.domainXml("web-1", "live")).resolves.toBe(WEB_1);
    await expect(host.domainXml("legacy-1", "live")).rejects.toMatchObject({ kind: "unreachable" });
    await expect(host.domainXml("legacy-1", "live")).resolves.toBe(LEGACY_1);
  });

  it("reaches an instance in another process through the state file", async () => {
    const agent = openHost();
    const tester = openHost();
    await tester.injectFault({ operation: "memoryStats", kind: "unreachable" });
    await expect(agent.memoryStats()).rejects.toMatchObject({ kind: "unreachable" });
    await expect(agent.memoryStats()).resolves.toEqual([]);
  });

  it("leaves the state untouched when a fault stops a change", async () => {
    const host = openHost();
    await host.defineXml(WEB_1);
    await host.injectFault({ operation: "define", domain: "web-1", kind: "operation_failed" });
    await expect(host.defineXml(disableBalloon(WEB_1))).rejects.toMatchObject({ kind: "operation_failed" });
    expect(await host.domainXml("web-1", "persistent")).toBe(WEB_1);
  });

  it("clears every pending fault", async () => {
    const host = openHost();
    await host.injectFault({ operation: "listDomains", kind: "unreachable", times: 5 });
    await host.clearFaults();
    await expect(host.listDomains()).resolves.toEqual([]);
  });

  it("refuses a fault that could never fire as meant", async () => {
    const host = openHost();
    await expect(host.injectFault({ operation: "start", kind: "timeout", times: 0 })).rejects.toMatchObject({ kind: "invalid_argument" });
    await expect(host.injectFault({ operation: "listDomains", domain: "web-1", kind: "timeout" })).rejects.toMatchObject({
      kind: "invalid_argument",
    });
  });
});
