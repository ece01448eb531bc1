import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reportBody } from "@/lib/contracts/provider.ts";
import { DomainReporter } from "@/lib/agent/report-loop.ts";
import { createSimulatedHypervisor, type SimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { kvmDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { baseVolumes } from "@/lib/images/catalogue.ts";

// The agent's report names the catalogue's base volumes its image pool holds, so the dashboard
// offers only images the node can install; a pool it cannot read leaves the field out and the
// report goes as before. Each domain's disk size is read far less often than its XML.

let dataDir: string;
let host: SimulatedHypervisor;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "report-volumes-"));
  host = createSimulatedHypervisor({ uri: "simulated:///report-volumes", dataDir });
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("the report's image volumes", () => {
  it("lists the catalogue's base volumes in the pool, and nothing else the pool holds", async () => {
    await host.createOverlayVolume({ pool: "default", name: "vps-1.qcow2", backingVolume: "debian-12.qcow2", capacityBytes: 1024 ** 3 });
    await host.deleteVolume("default", "almalinux-9.qcow2");
    const report = await new DomainReporter(host, "default").buildReport();
    expect(report.imageVolumes).toStrictEqual(baseVolumes().filter((name) => name !== "almalinux-9.qcow2").sort());
    expect(reportBody.safeParse(report).success).toBe(true);
  });

  it("sees a base volume an operator adds within a minute", async () => {
    await host.deleteVolume("default", "ubuntu-24.04.qcow2");
    const reporter = new DomainReporter(host, "default");
    const now = Date.now();
    expect((await reporter.buildReport(now)).imageVolumes).not.toContain("ubuntu-24.04.qcow2");
    await host.createOverlayVolume({ pool: "default", name: "ubuntu-24.04.qcow2", backingVolume: "debian-12.qcow2", capacityBytes: 1024 ** 3 });
    expect((await reporter.buildReport(now + 61_000)).imageVolumes).toContain("ubuntu-24.04.qcow2");
  });

  it("leaves the field out when the pool cannot be read, and still reports the domains", async () => {
    const report = await new DomainReporter(host, "no-such-pool").buildReport();
    expect(report).not.toHaveProperty("imageVolumes");
    expect(report.domains).toEqual([]);
    await host.injectFault({ operation: "listVolumes", kind: "unreachable" });
    expect(await new DomainReporter(host, "default").buildReport()).not.toHaveProperty("imageVolumes");
  });
});

describe("the report's disk sizes", () => {
  it("reads a domain's disk once every ten minutes, or again after an action changed the domain", async () => {
    const disk = await host.createOverlayVolume({ pool: "default", name: "vps-7.qcow2", backingVolume: "debian-12.qcow2", capacityBytes: 40 * 1024 ** 3 });
    await host.defineXml(kvmDomainXml({ name: "vps-7", memoryMiB: 1024, vcpus: 1, ballooning: true, diskPath: disk.path }));
    let reads = 0;
    const diskCapacityBytes = host.diskCapacityBytes.bind(host);
    host.diskCapacityBytes = (name) => ((reads += 1), diskCapacityBytes(name));
    const reporter = new DomainReporter(host, "default");
    const diskOf = async (at: number) => (await reporter.buildReport(at)).domains.find((domain) => domain.name === "vps-7")?.definition?.diskGiB;

    const start = Date.now();
    expect(await diskOf(start)).toBe(40);
    // The XML is read again after a minute; the disk's size is kept from the first read.
    expect(await diskOf(start + 2 * 60_000)).toBe(40);
    expect(reads).toBe(1);
    expect(await diskOf(start + 11 * 60_000)).toBe(40);
    expect(reads).toBe(2);
    reporter.beginChange("vps-7");
    reporter.endChange("vps-7");
    expect(await diskOf(start + 11 * 60_000 + 1)).toBe(40);
    expect(reads).toBe(3);
  });
});
