import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { memoryFigures, parseDommemstat, parseDomstats } from "@/lib/hypervisor/memory-stats.ts";

// Output captured from real libvirt 9 (tests/fixtures/virsh): qemu:///system domains with no guest
// OS, one with a virtio balloon and a stats period, one with `model='none'`; and libvirt's test
// driver, which reports guest-style figures.

const fixture = (name: string) => readFileSync(path.join("tests", "fixtures", "virsh", name), "utf8");

describe("parseDomstats (virsh domstats --balloon)", () => {
  const [virtio, none] = parseDomstats(fixture("qemu-domstats-balloon.txt"));

  it("reads every domain of the host from one output", () => {
    expect([virtio?.name, none?.name]).toEqual(["probe-1", "probe-2"]);
  });

  it("reads balloon size, maximum and host RSS", () => {
    expect(virtio).toMatchObject({ actualKiB: 131072, maximumKiB: 131072, rssKiB: 44372 });
    expect(none).toMatchObject({ actualKiB: 131072, maximumKiB: 131072, rssKiB: 44036 });
  });

  it("leaves guest figures unknown (null, never 0) where the guest reports none", () => {
    for (const stats of [virtio, none]) {
      expect(stats).toMatchObject({ unusedKiB: null, availableKiB: null, usableKiB: null, diskCachesKiB: null });
    }
  });

  it("treats last-update=0 (no report from the guest yet) as no report", () => {
    expect(virtio?.lastUpdate).toBeNull();
  });

  it("answers nothing for empty output and ignores lines it does not know", () => {
    expect(parseDomstats("")).toEqual([]);
    expect(parseDomstats("Domain: 'x'\n  balloon.swap_in=5\n  vcpu.0.time=9")[0]).toMatchObject({ name: "x", actualKiB: null });
  });
});

describe("parseDommemstat (virsh dommemstat)", () => {
  it("reads guest figures from libvirt's test driver", () => {
    expect(parseDommemstat("test", fixture("test-driver-dommemstat.txt"))).toEqual({
      name: "test",
      actualKiB: 2097152,
      maximumKiB: null,
      unusedKiB: 1048576,
      availableKiB: 2097152,
      usableKiB: 1048576,
      diskCachesKiB: 262144,
      rssKiB: 1048576,
      lastUpdate: 627319920,
    });
  });

  it("keeps only RSS for a balloon of model none", () => {
    const stats = parseDommemstat("probe-2", fixture("qemu-dommemstat-none.txt"));
    expect(stats.rssKiB).toBe(44036);
    expect([stats.actualKiB, stats.availableKiB, stats.usableKiB, stats.lastUpdate]).toEqual([null, null, null, null]);
  });
});

describe("memoryFigures", () => {
  it("derives used as the guest sees it (available minus usable) and keeps cache apart", () => {
    const figures = memoryFigures(parseDommemstat("test", fixture("test-driver-dommemstat.txt")), 2097152);
    expect(figures).toEqual({
      source: "guest",
      totalKiB: 2097152,
      balloonKiB: 2097152,
      usedKiB: 2097152 - 1048576,
      availableKiB: 1048576,
      cacheKiB: 262144,
      rssKiB: 1048576,
    });
  });

  it("falls back to the host's view when the guest reports nothing, with guest figures unknown", () => {
    const [virtio] = parseDomstats(fixture("qemu-domstats-balloon.txt"));
    expect(virtio && memoryFigures(virtio)).toEqual({
      source: "host",
      totalKiB: 131072,
      balloonKiB: null,
      usedKiB: null,
      availableKiB: null,
      cacheKiB: null,
      rssKiB: 44372,
    });
  });
});
