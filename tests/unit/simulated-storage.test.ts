import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kvmDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { createSimulatedHypervisor, type SimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { mediaIn } from "@/lib/hypervisor/storage-xml.ts";
import { baseVolumes } from "@/lib/images/catalogue.ts";

// Volumes on the simulated host: records in its state file, with libvirt's rules and wording where
// the agent depends on them, and a state file from before storage still read as it was.

let dataDir: string;
let host: SimulatedHypervisor;
const URI = "simulated:///storage-test";

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "simulated-storage-"));
  host = createSimulatedHypervisor({ uri: URI, dataDir, timings: { bootMs: 10, shutdownMs: 10 } });
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("the simulated host's storage", () => {
  it("starts as a prepared node: the default pool holds every catalogue image's base volume", async () => {
    expect((await host.listVolumes("default")).map((volume) => volume.name).sort()).toEqual(baseVolumes().sort());
    expect(await host.volumeInfo("default", "debian-12.qcow2")).toMatchObject({ path: "/var/lib/libvirt/images/debian-12.qcow2", format: "qcow2", backingPath: null });
  });

  it("creates an overlay backed by its base, sized as asked, and deletes it", async () => {
    const overlay = await host.createOverlayVolume({ pool: "default", name: "vps-1.qcow2", backingVolume: "debian-12.qcow2", capacityBytes: 10 * 1024 ** 3 });
    expect(overlay).toStrictEqual({
      name: "vps-1.qcow2",
      key: "/var/lib/libvirt/images/vps-1.qcow2",
      path: "/var/lib/libvirt/images/vps-1.qcow2",
      capacityBytes: 10 * 1024 ** 3,
      format: "qcow2",
      backingPath: "/var/lib/libvirt/images/debian-12.qcow2",
    });
    // Another host object on the same state file sees it: it lives in the file, not in memory.
    const sameHost = createSimulatedHypervisor({ uri: URI, dataDir });
    expect(await sameHost.volumeInfo("default", "vps-1.qcow2")).toStrictEqual(overlay);
    await host.deleteVolume("default", "vps-1.qcow2");
    await expect(host.volumeInfo("default", "vps-1.qcow2")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("refuses a name already taken, a missing base or pool, and names virsh would not take", async () => {
    const spec = { pool: "default", name: "vps-2.qcow2", backingVolume: "debian-12.qcow2", capacityBytes: 1024 ** 3 };
    await host.createOverlayVolume(spec);
    await expect(host.createOverlayVolume(spec)).rejects.toThrow(/storage vol 'vps-2.qcow2' already exists/);
    await expect(host.createOverlayVolume({ ...spec, name: "vps-3.qcow2", backingVolume: "windows.qcow2" })).rejects.toMatchObject({ kind: "not_found" });
    await expect(host.listVolumes("nope")).rejects.toThrow(/Storage pool not found/);
    await expect(host.deleteVolume("default", "--all")).rejects.toMatchObject({ kind: "invalid_argument" });
    await expect(host.listVolumes("a b")).rejects.toMatchObject({ kind: "invalid_argument" });
  });

  it("uploads a file as a raw volume of its size, keeping none of its bytes", async () => {
    const file = path.join(dataDir, "seed.iso");
    await writeFile(file, "secret-bytes".repeat(100));
    expect(await host.uploadVolume("default", "vps-1-seed.iso", file)).toMatchObject({ capacityBytes: 1200, format: "raw", backingPath: null });
    expect(await readFile(host.stateFile, "utf8")).not.toContain("secret-bytes");
  });

  it("fails a volume call when a fault is injected for that volume, once", async () => {
    await host.injectFault({ operation: "createVolume", domain: "vps-4.qcow2", kind: "operation_failed" });
    const spec = { pool: "default", name: "vps-4.qcow2", backingVolume: "debian-12.qcow2", capacityBytes: 1024 ** 3 };
    await expect(host.createOverlayVolume(spec)).rejects.toThrow(/injected fault/);
    await expect(host.createOverlayVolume(spec)).resolves.toMatchObject({ name: "vps-4.qcow2" });
  });

  it("ejects a drive's medium from the live and persistent definitions, and again changes nothing", async () => {
    const seed = "/var/lib/libvirt/images/vps-5-seed.iso";
    await host.defineXml(kvmDomainXml({ name: "vps-5", memoryMiB: 512, vcpus: 1, ballooning: true, seedPath: seed }));
    await host.start("vps-5");
    expect(mediaIn(await host.domainXml("vps-5", "live"), "sda")).toBe(seed);
    await host.ejectMedia("vps-5", "sda");
    await host.ejectMedia("vps-5", "sda");
    for (const flavour of ["live", "persistent"] as const) {
      const xml = await host.domainXml("vps-5", flavour);
      expect(mediaIn(xml, "sda")).toBeNull();
      expect(xml).toMatch(/device=["']cdrom["']/); // the drive stays, empty
      expect(mediaIn(xml, "vda")).toBe("/var/lib/libvirt/images/vps-5.qcow2");
    }
  });

  it("reads a state file written before hosts had storage, keeping its domains", async () => {
    const old = { version: 1, domains: [], faults: [] };
    await mkdir(path.dirname(host.stateFile), { recursive: true });
    await writeFile(host.stateFile, JSON.stringify(old));
    expect((await host.listVolumes("default")).length).toBe(baseVolumes().length);
    await host.defineXml(kvmDomainXml({ name: "vps-6", memoryMiB: 512, vcpus: 1, ballooning: true }));
    expect((await host.listDomains()).map((domain) => domain.name)).toEqual(["vps-6"]);
  });
});
