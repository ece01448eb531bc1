import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CommandParams } from "@/lib/actions/commands/index.ts";
import { DomainReporter } from "@/lib/agent/report-loop.ts";
import { runAction, type RunOptions } from "@/lib/agent/step-runner.ts";
import { SEED_DRIVE_TARGET, lxcDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { LibvirtHypervisor } from "@/lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import { createSimulatedHypervisor, type SimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { mediaIn } from "@/lib/hypervisor/storage-xml.ts";
import { diskVolumeNameFor, kvmDomainNameFor, seedVolumeNameFor, type KvmTemplateOptions } from "@/lib/images/catalogue.ts";
import { claimedAction, FakeProvider, stepReport } from "../support/fake-provider.ts";
import { DOMAIN_TYPE, libvirtSkipReason, QEMU_URI, removeDomain, uniqueDomainName } from "../support/libvirt.ts";
import { createBaseVolume, createTestPool, downloadVolume, isoVolumeId, qemuImgInfo, readIsoFile, volumeNames, type TestPool } from "../support/storage.ts";
import { sshPublicKey } from "../support/ssh-keys.ts";

// The reinstall's disk and first-boot seed on real libvirt (qemu:///system): a directory pool in a
// temporary folder holding a small base qcow2 made with qemu-img, the KVM half on real QEMU, and the
// container on the simulated host. The seed is read back from the pool with virsh and isoinfo.

const skip = libvirtSkipReason(QEMU_URI);
const qemu = new LibvirtHypervisor(QEMU_URI);
// This machine has no libvirt network (and maybe no /dev/kvm): the NIC is left out here.
const TEMPLATE: KvmTemplateOptions = { domainType: DOMAIN_TYPE, network: null };

let pool: TestPool;
let baseFile: string;
let dataDir: string;
let containers: SimulatedHypervisor;
const kvmDomains: string[] = [];

describe.skipIf(skip)(`a reinstall's disk and seed on ${QEMU_URI}${skip ? ` (skipped: ${skip})` : ""}`, () => {
  beforeAll(async () => {
    pool = await createTestPool(QEMU_URI);
    baseFile = createBaseVolume(QEMU_URI, pool, "debian-12.qcow2");
    dataDir = await mkdtemp(path.join(os.tmpdir(), "reinstall-disks-"));
    containers = createSimulatedHypervisor({ uri: "simulated:///reinstall-disks", dataDir, timings: { shutdownMs: 20, bootMs: 10 } });
  });

  afterEach(async () => {
    for (const name of kvmDomains.splice(0)) {
      await removeDomain(qemu, name);
      await qemu.deleteVolume(pool.name, diskVolumeNameFor(name)).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await pool?.remove();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** A running container and a reinstall of it, with the KVM domain's name remembered for clean-up. */
  async function reinstallOf(params: CommandParams<"reinstall">) {
    const container = uniqueDomainName("ct");
    await containers.defineXml(lxcDomainXml({ name: container, memoryMiB: 128, vcpus: 1 }));
    await containers.start(container);
    const kvm = kvmDomainNameFor(container);
    kvmDomains.push(kvm);
    const action = claimedAction("reinstall", params, { domainName: container, virtualization: "lxc", ttlMs: 30_000 });
    return { container, kvm, action, provider: new FakeProvider(action), disk: diskVolumeNameFor(kvm), seed: seedVolumeNameFor(kvm) };
  }

  const options = (template: KvmTemplateOptions = TEMPLATE): RunOptions => ({
    host: { hypervisor: qemu, lxcHypervisor: containers, template, shutdownTimeoutMs: 2_000, pollMs: 50, imagePool: pool.name, firstBootGraceMs: 0 },
    hostRetryDelaysMs: [],
  });

  it(
    "boots the server from an overlay of the base with a cidata seed holding the key and host name, then removes the seed and the container",
    { timeout: 120_000 },
    async () => {
      const key = sshPublicKey();
      const { container, kvm, action, provider, disk, seed } = await reinstallOf({ image: "debian-12", hostname: "web-1", diskGiB: 1, login: { sshKey: key } });
      const seen: { live?: string; userData?: string; metaData?: string; label?: string } = {};
      // Just before the seed goes: what the running domain boots from, and what the seed says.
      provider.on(stepReport("remove_first_boot_seed", "running"), async () => {
        seen.live = await qemu.domainXml(kvm, "live");
        const folder = await mkdtemp(path.join(os.tmpdir(), "seed-readback-"));
        try {
          const iso = path.join(folder, "seed.iso");
          downloadVolume(QEMU_URI, pool.name, seed, iso);
          seen.label = isoVolumeId(iso);
          seen.userData = readIsoFile(iso, "/user-data");
          seen.metaData = readIsoFile(iso, "/meta-data");
        } finally {
          await rm(folder, { recursive: true, force: true });
        }
      });

      expect(await runAction(action, provider, options())).toBe("success");

      const diskPath = path.join(pool.folder, disk);
      const overlay = qemuImgInfo(diskPath);
      expect(overlay).toMatchObject({ format: "qcow2", "virtual-size": 1024 ** 3, "backing-filename": baseFile });
      expect(mediaIn(seen.live ?? "", "vda")).toBe(diskPath);
      expect(mediaIn(seen.live ?? "", SEED_DRIVE_TARGET)).toBe(path.join(pool.folder, seed));
      expect(seen.label).toBe("cidata");
      expect(seen.userData?.startsWith("#cloud-config\n")).toBe(true);
      const userData = JSON.parse(seen.userData?.replace(/^#cloud-config\n/, "") ?? "null") as Record<string, unknown>;
      expect(userData).toMatchObject({ hostname: "web-1", ssh_authorized_keys: [key], disable_root: false });
      expect(JSON.parse(seen.metaData ?? "null")).toStrictEqual({ "instance-id": action.id, "local-hostname": "web-1" });

      // The server runs from its overlay, its seed ejected and deleted; the container is gone.
      expect(await qemu.domainState(kvm)).toBe("running");
      const live = await qemu.domainXml(kvm, "live");
      expect(mediaIn(live, "vda")).toBe(diskPath);
      expect(mediaIn(live, SEED_DRIVE_TARGET)).toBeNull();
      expect(mediaIn(await qemu.domainXml(kvm, "persistent"), SEED_DRIVE_TARGET)).toBeNull();
      const volumes = volumeNames(QEMU_URI, pool.name);
    expect(volumes).toContain(disk);
    expect(volumes).not.toContain(seed);
      expect((await containers.listDomains()).map((domain) => domain.name)).not.toContain(container);
      expect(provider.stepStatuses()).toMatchObject({ create_disk: "done", create_first_boot_seed: "done", remove_first_boot_seed: "done", remove_lxc_domain: "done" });
      // The agent's report gives the new domain's disk at the plan's size, as an operator's import would take it.
      expect(await qemu.diskCapacityBytes(kvm)).toBe(1024 ** 3);
      const report = await new DomainReporter(qemu, pool.name).buildReport();
      expect(report.domains.find((domain) => domain.name === kvm)?.definition).toMatchObject({ diskGiB: 1 });
    },
  );

  it("gives a guest that never reports from its kernel the whole first-boot grace before taking its seed", { timeout: 120_000 }, async () => {
    const { action, provider, seed } = await reinstallOf({ image: "debian-12", login: { passwordHash: `$6$saltsalt$${"b".repeat(86)}` } });
    const times: Record<string, number> = {};
    provider.on(stepReport("remove_first_boot_seed", "running"), () => void (times.began = Date.now()));
    provider.on(stepReport("remove_first_boot_seed", "done"), () => void (times.ended = Date.now()));
    const graceful = options();
    expect(await runAction(action, provider, { ...graceful, host: { ...graceful.host, firstBootGraceMs: 1_500 } })).toBe("success");
    // QEMU with no operating system has no balloon driver to report anything.
    expect((times.ended ?? 0) - (times.began ?? 0)).toBeGreaterThanOrEqual(1_500);
    expect(volumeNames(QEMU_URI, pool.name)).not.toContain(seed);
  });

  it("rolls back a start that fails: the domain, the overlay and the seed are gone and the container runs again", { timeout: 120_000 }, async () => {
    const { container, kvm, action, provider, disk, seed } = await reinstallOf({ image: "debian-12", hostname: "web-2", login: { sshKey: sshPublicKey() } });
    const startsBefore = await containers.startCount(container);

    // A network the node does not have: libvirt defines the domain and refuses to start it.
    expect(await runAction(action, provider, options({ ...TEMPLATE, network: "no-such-network" }))).toBe("error");

    expect(provider.stepStatuses()).toMatchObject({ create_disk: "done", create_first_boot_seed: "done", define_kvm_domain: "done", start_kvm_domain: "error" });
    expect(provider.completions[0]?.error?.message).toBe("The new KVM server could not be started. Your server was left as it was, still running on LXC.");
    expect((await qemu.listDomains()).map((domain) => domain.name)).not.toContain(kvm);
    const volumes = volumeNames(QEMU_URI, pool.name);
    expect(volumes).toContain("debian-12.qcow2");
    expect(volumes).not.toContain(disk);
    expect(volumes).not.toContain(seed);
    expect(await containers.domainState(container)).toBe("running");
    expect(await containers.startCount(container)).toBe(startsBefore);
  });

  it("refuses a disk of the server's name that it did not create, and leaves it alone", { timeout: 60_000 }, async () => {
    const { container, action, provider, disk } = await reinstallOf({ image: "debian-12" });
    createBaseVolume(QEMU_URI, pool, disk, "16M"); // someone else's volume under the name the reinstall wants

    expect(await runAction(action, provider, options())).toBe("error");

    expect(provider.completions[0]?.error).toMatchObject({ code: "disk_taken" });
    expect(volumeNames(QEMU_URI, pool.name)).toContain(disk);
    expect(qemuImgInfo(path.join(pool.folder, disk))["backing-filename"]).toBeUndefined();
    expect(await containers.domainState(container)).toBe("running");
  });
});
