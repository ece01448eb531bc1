import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { disableBalloon } from "@/lib/hypervisor/domain-xml.ts";
import type { DomainMemoryStats } from "@/lib/hypervisor/types.ts";
import {
  balloonMarginKiB,
  dailyLoad,
  hostMemoryStats,
  hostPressure,
  runningGuest,
  workingSetKiB,
} from "@/lib/hypervisor/simulated/memory-model.ts";
import { createSimulatedHypervisor, type SimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";

// Memory figures of the simulated host: what each kind of domain reports (and what it leaves null,
// as libvirt does), how guests use memory over the day, and how the host's balloon takes memory back
// under pressure. Times are UTC; guests boot at midnight so their page cache has filled by morning.

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/simulated");
const WEB_1 = readFileSync(path.join(FIXTURES, "kvm-web-1.xml"), "utf8");
const LEGACY_1 = readFileSync(path.join(FIXTURES, "lxc-legacy-1.xml"), "utf8");
const MEMORY_KIB = 4_194_304;
const MIDNIGHT = Date.UTC(2025, 5, 2, 0, 0, 0);
const at = (hour: number, minute = 0) => MIDNIGHT + (hour * 60 + minute) * 60_000;

const kvmDomain = (name: string, xml = WEB_1) => xml.replaceAll("web-1", name).replace(/<uuid>[^<]*<\/uuid>/, `<uuid>${randomUUID()}</uuid>`);
const withoutStatsPeriod = (xml: string) => xml.replace(/\n\s*<stats period='10'\/>/, "");
/** A reported figure, or NaN (which fails every comparison) where the test expected one and got null. */
const kib = (figure: number | null) => figure ?? NaN;
/** What the guest's programs use: what it sees minus what it could still use. */
/** What libvirt leaves out without a reporting balloon driver: null, never 0. */
const NO_GUEST_FIGURES = { unusedKiB: null, availableKiB: null, usableKiB: null, diskCachesKiB: null, lastUpdate: null };
const usedKiB = (stats: DomainMemoryStats) => kib(stats.availableKiB) - kib(stats.usableKiB);

let dataDir: string;
let now: number;

function openHost(hostMemoryKiB?: number): SimulatedHypervisor {
  return createSimulatedHypervisor({
    uri: "simulated:///sim-test-01",
    dataDir,
    clock: () => now,
    timings: { shutdownMs: 50, bootMs: 20 },
    ...(hostMemoryKiB === undefined ? {} : { hostMemoryKiB }),
  });
}

/** Defines and starts the domains at midnight. */
async function runDomains(host: SimulatedHypervisor, ...xmls: string[]): Promise<void> {
  now = MIDNIGHT;
  for (const xml of xmls) await host.start(await host.defineXml(xml));
}

async function statsOf(host: SimulatedHypervisor, name: string): Promise<DomainMemoryStats> {
  const stats = (await host.memoryStats()).find((candidate) => candidate.name === name);
  if (!stats) throw new Error(`no memory figures for ${name}`);
  return stats;
}

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "simulated-memory-"));
  now = MIDNIGHT;
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("what each kind of domain reports", () => {
  it("reports every guest figure for a booted KVM guest with a virtio balloon and a stats period", async () => {
    const host = openHost();
    await runDomains(host, WEB_1);
    now = at(10, 0) + 4_321;
    const stats = await statsOf(host, "web-1");

    expect(stats).toMatchObject({ name: "web-1", actualKiB: MEMORY_KIB, maximumKiB: MEMORY_KIB });
    for (const figure of [stats.unusedKiB, stats.availableKiB, stats.usableKiB, stats.diskCachesKiB, stats.rssKiB]) {
      expect(figure).toBeGreaterThan(0);
    }
    expect(kib(stats.availableKiB)).toBeLessThan(MEMORY_KIB); // the guest kernel keeps some for itself
    expect(kib(stats.usableKiB)).toBe(kib(stats.unusedKiB) + kib(stats.diskCachesKiB));
    expect(kib(stats.usableKiB)).toBeLessThan(kib(stats.availableKiB));
    // One report every 10 s since boot: the latest is at most 10 s old and never in the future.
    expect(stats.lastUpdate).toBeLessThanOrEqual(Math.floor(now / 1000));
    expect(stats.lastUpdate).toBeGreaterThan(Math.floor(now / 1000) - 10);
  });

  it("reports no guest figures while the guest is still booting", async () => {
    const host = openHost();
    await runDomains(host, WEB_1);
    now = MIDNIGHT + 10;
    expect(await statsOf(host, "web-1")).toEqual({
      name: "web-1",
      actualKiB: MEMORY_KIB,
      maximumKiB: MEMORY_KIB,
      rssKiB: expect.any(Number),
      ...NO_GUEST_FIGURES,
    });
  });

  it("reports only the balloon size, maximum and rss for a virtio balloon without a stats period", async () => {
    const host = openHost();
    await runDomains(host, withoutStatsPeriod(WEB_1));
    now = at(10);
    expect(await statsOf(host, "web-1")).toEqual({
      name: "web-1",
      actualKiB: MEMORY_KIB,
      maximumKiB: MEMORY_KIB,
      rssKiB: expect.any(Number),
      ...NO_GUEST_FIGURES,
    });
  });

  it("reports the whole memory as the balloon and null (never 0) guest figures with <memballoon model='none'/>", async () => {
    const host = openHost();
    await runDomains(host, disableBalloon(WEB_1));
    now = at(10);
    const stats = await statsOf(host, "web-1");
    expect(stats).toEqual({
      name: "web-1",
      actualKiB: MEMORY_KIB,
      maximumKiB: MEMORY_KIB,
      rssKiB: expect.any(Number),
      ...NO_GUEST_FIGURES,
    });
    expect(stats.rssKiB).toBeGreaterThan(0);
  });

  it("reports an LXC container's memory limit and cgroup usage, and null guest figures", async () => {
    const host = openHost();
    await runDomains(host, LEGACY_1);
    now = at(10);
    const stats = await statsOf(host, "legacy-1");
    expect(stats).toEqual({
      name: "legacy-1",
      actualKiB: 1_048_576,
      maximumKiB: null,
      rssKiB: expect.any(Number),
      ...NO_GUEST_FIGURES,
    });
    expect(stats.rssKiB).toBeGreaterThan(0);
    expect(stats.rssKiB).toBeLessThanOrEqual(1_048_576);
  });

  it("reports running domains only", async () => {
    const host = openHost();
    await runDomains(host, WEB_1, LEGACY_1);
    await host.destroy("legacy-1");
    expect((await host.memoryStats()).map((stats) => stats.name)).toEqual(["web-1"]);
  });

  it("follows the running definition: disabling the balloon takes the guest figures away only after a cold restart", async () => {
    const host = openHost();
    await runDomains(host, WEB_1);
    now = at(10);
    await host.defineXml(disableBalloon(WEB_1));
    expect((await statsOf(host, "web-1")).availableKiB).not.toBeNull();

    await host.shutdown("web-1");
    now += 50;
    await host.start("web-1");
    now += 60_000;
    expect((await statsOf(host, "web-1")).availableKiB).toBeNull();
  });
});

describe("how guests use memory over the day", () => {
  it.each(["web-1", "db-7", "shop-eu-3", "mail-2"])("uses clearly more memory at 3 p.m. than at 3 a.m. (%s)", async (name) => {
    const host = openHost();
    await runDomains(host, kvmDomain(name));
    now = at(3);
    const night = usedKiB(await statsOf(host, name));
    now = at(15);
    const afternoon = usedKiB(await statsOf(host, name));
    expect(afternoon - night).toBeGreaterThan(MEMORY_KIB * 0.1);
  });

  it("is quiet at night and busy in the afternoon for every domain", () => {
    for (const name of ["web-1", "db-7", "shop-eu-3", "mail-2"]) {
      expect(dailyLoad(name, at(3))).toBeLessThan(0.05);
      expect(dailyLoad(name, at(15))).toBeGreaterThan(0.8);
    }
  });

  it("wanders a little between two readings, without jumping", () => {
    const readings = Array.from({ length: 60 }, (_, minute) => workingSetKiB("web-1", MEMORY_KIB, at(11, minute)));
    const steps = readings.slice(1).map((value, index) => Math.abs(value - (readings[index] ?? value)));
    expect(new Set(readings).size).toBeGreaterThan(1);
    expect(Math.max(...steps)).toBeLessThan(MEMORY_KIB * 0.01);
  });

  it("gives the same figures to any instance at the same moment", async () => {
    const host = openHost();
    await runDomains(host, WEB_1, LEGACY_1);
    now = at(14, 37);
    expect(await openHost().memoryStats()).toEqual(await host.memoryStats());
  });

  it("fills the page cache in the hours after boot", async () => {
    const host = openHost();
    await runDomains(host, WEB_1);
    now = MIDNIGHT + 60_000;
    const justBooted = kib((await statsOf(host, "web-1")).diskCachesKiB);
    now = at(2);
    expect((await statsOf(host, "web-1")).diskCachesKiB).toBeGreaterThan(justBooted * 3);
  });
});

describe("the balloon under host pressure", () => {
  const names = ["web-1", "web-2", "web-3"];

  it("leaves every balloon deflated while the host has memory to spare", async () => {
    const host = openHost(3 * MEMORY_KIB);
    await runDomains(host, ...names.map((name) => kvmDomain(name)));
    now = at(15);
    for (const stats of await host.memoryStats()) expect(stats.actualKiB).toBe(MEMORY_KIB);
  });

  it("inflates the balloons when the running domains hold more than the host has", async () => {
    const host = openHost(2.5 * MEMORY_KIB);
    await runDomains(host, ...names.map((name) => kvmDomain(name)));
    now = at(3);
    const all = await host.memoryStats();
    const taken = all.reduce((sum, stats) => sum + (MEMORY_KIB - (stats.actualKiB ?? MEMORY_KIB)), 0);
    for (const stats of all) expect(stats.actualKiB).toBeLessThan(MEMORY_KIB);
    expect(taken).toBeCloseTo(0.5 * MEMORY_KIB, -2);
  });

  it("never squeezes a guest below what it uses plus a margin, at any hour", async () => {
    const host = openHost(MEMORY_KIB);
    await runDomains(host, ...names.map((name) => kvmDomain(name)));
    for (let hour = 1; hour < 24; hour += 1) {
      now = at(hour, 17);
      for (const stats of await host.memoryStats()) {
        expect(stats.actualKiB).toBeLessThan(MEMORY_KIB);
        expect(kib(stats.actualKiB) - usedKiB(stats)).toBeGreaterThanOrEqual(balloonMarginKiB(MEMORY_KIB));
      }
    }
  });

  it("does not touch domains whose usage it cannot see: no balloon, no stats period, LXC", async () => {
    const host = openHost(MEMORY_KIB);
    await runDomains(host, kvmDomain("web-1"), disableBalloon(kvmDomain("db-1")), withoutStatsPeriod(kvmDomain("app-1")), LEGACY_1);
    now = at(12);
    const byName = new Map((await host.memoryStats()).map((stats) => [stats.name, stats]));
    expect(byName.get("web-1")?.actualKiB).toBeLessThan(MEMORY_KIB);
    expect(byName.get("db-1")?.actualKiB).toBe(MEMORY_KIB);
    expect(byName.get("app-1")?.actualKiB).toBe(MEMORY_KIB);
    expect(byName.get("legacy-1")?.actualKiB).toBe(1_048_576);
  });

  it("deflates the balloons once the pressure is gone", async () => {
    const host = openHost(2 * MEMORY_KIB);
    await runDomains(host, ...names.map((name) => kvmDomain(name)));
    now = at(9);
    expect((await statsOf(host, "web-1")).actualKiB).toBeLessThan(MEMORY_KIB);
    await host.destroy("web-2");
    expect((await statsOf(host, "web-1")).actualKiB).toBe(MEMORY_KIB);
  });

  it("leaves less of a squeezed guest resident on the host (rss)", async () => {
    const roomy = openHost(4 * MEMORY_KIB);
    await runDomains(roomy, ...names.map((name) => kvmDomain(name)));
    now = at(3);
    const relaxed = kib((await statsOf(roomy, "web-1")).rssKiB);
    const squeezed = kib((await statsOf(openHost(MEMORY_KIB), "web-1")).rssKiB);
    expect(squeezed).toBeLessThan(relaxed);
  });
});

describe("the model as a pure function", () => {
  const booted = { startedAtMs: MIDNIGHT, bootedAtMs: MIDNIGHT + 1_500 };
  const guests = [
    runningGuest("web-1", WEB_1, booted),
    runningGuest("db-1", disableBalloon(kvmDomain("db-1")), booted),
    runningGuest("legacy-1", LEGACY_1, booted),
  ];

  it("reads the balloon, stats period and memory from the running definition", () => {
    expect(guests).toEqual([
      { name: "web-1", virtualization: "kvm", memoryKiB: MEMORY_KIB, currentMemoryKiB: MEMORY_KIB, balloon: "virtio", statsPeriodSeconds: 10, ...booted },
      { name: "db-1", virtualization: "kvm", memoryKiB: MEMORY_KIB, currentMemoryKiB: MEMORY_KIB, balloon: "none", statsPeriodSeconds: null, ...booted },
      { name: "legacy-1", virtualization: "lxc", memoryKiB: 1_048_576, currentMemoryKiB: 1_048_576, balloon: "none", statsPeriodSeconds: null, ...booted },
    ]);
  });

  it("measures host pressure as the running domains' memory over the host's capacity", () => {
    expect(hostPressure(guests, 2 * MEMORY_KIB + 1_048_576)).toBe(1);
    expect(hostPressure(guests, MEMORY_KIB)).toBe(2.25);
  });

  it("gives the same figures for the same moment, whenever it is asked", () => {
    expect(hostMemoryStats(guests, MEMORY_KIB, at(16, 5))).toEqual(hostMemoryStats(guests, MEMORY_KIB, at(16, 5)));
    expect(hostMemoryStats(guests, MEMORY_KIB, at(16, 5))).not.toEqual(hostMemoryStats(guests, MEMORY_KIB, at(4, 5)));
  });
});
