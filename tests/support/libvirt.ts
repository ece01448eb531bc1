import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { LibvirtHypervisor } from "@/lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import { requireIntegrations } from "./integrations.ts";

// Real libvirt for integration tests: qemu:///system runs real QEMU domains (no guest OS needed),
// test+unix:///default is libvirt's own stateful test driver inside the same daemon.

export const QEMU_URI = "qemu:///system";
export const TEST_DRIVER_URI = "test+unix:///default";

/** Why libvirt tests skip here, or null when libvirt answers (or CI requires it: then they fail). */
export function libvirtSkipReason(uri: string = QEMU_URI): string | null {
  if (requireIntegrations()) return null;
  try {
    execFileSync("virsh", ["-c", uri, "version"], { stdio: "ignore", timeout: 10_000 });
    return null;
  } catch {
    return `libvirt does not answer at ${uri} (see DESIGN.md: start virtlogd and libvirtd)`;
  }
}

/** KVM where the machine has it; plain QEMU emulation otherwise (same XML, same balloon device). */
export const DOMAIN_TYPE = existsSync("/dev/kvm") ? "kvm" : "qemu";

export const uniqueDomainName = (label: string) => `t-${label}-${randomBytes(3).toString("hex")}`;

/** A small real QEMU domain with no guest OS: it boots nothing and ignores ACPI shutdown. */
export function qemuDomainXml(name: string, { memoryKiB = 131_072, balloon = "<memballoon model='virtio'><stats period='5'/></memballoon>" } = {}) {
  return `<domain type='${DOMAIN_TYPE}'>
  <name>${name}</name>
  <memory unit='KiB'>${memoryKiB}</memory>
  <currentMemory unit='KiB'>${memoryKiB}</currentMemory>
  <vcpu placement='static'>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    ${balloon}
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
  </devices>
</domain>`;
}

/** Removes a test domain whatever state it is in. */
export async function removeDomain(hypervisor: Hypervisor, name: string): Promise<void> {
  await hypervisor.destroy(name).catch(() => undefined);
  await hypervisor.undefine(name).catch(() => undefined);
}

/**
 * A real libvirt host on which a definition without a balloon cannot start: its define adds a disk
 * whose file does not exist, so `virsh start` fails as it does for a broken definition on a node
 * (libvirt: "Cannot access storage file"). Everything else is the real host, unchanged.
 */
export class UnstartableWithoutBalloon extends LibvirtHypervisor {
  static readonly MISSING_DISK = "/nonexistent/vps-dashboard-missing-disk.qcow2";

  override defineXml(xml: string): Promise<string> {
    const balloon = readBalloon(xml);
    if (!balloon.supported || balloon.model !== "none") return super.defineXml(xml);
    const disk = `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${UnstartableWithoutBalloon.MISSING_DISK}'/><target dev='vdb' bus='virtio'/></disk>`;
    return super.defineXml(xml.replace("</devices>", `${disk}</devices>`));
  }
}

export type TestDriverDomain = { name: string; running: boolean; memoryKiB?: number; ballooning?: boolean };

/**
 * A node of libvirt's test driver described by a file: `test:///<file>`. virsh loads it afresh, in its
 * own process and without libvirtd, on every call, so the node always holds exactly these domains
 * (running ones with guest-style memory figures). For reports, not for restarts.
 */
export async function writeTestDriverNode(file: string, domains: TestDriverDomain[]): Promise<string> {
  const xml = domains.map(({ name, running, memoryKiB = 2_097_152, ballooning = true }, i) => `
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>${name}</name>
    <uuid>00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}</uuid>
    <memory unit='KiB'>${memoryKiB}</memory>
    <currentMemory unit='KiB'>${memoryKiB}</currentMemory>
    <vcpu>1</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <devices>${ballooning ? "<memballoon model='virtio'><stats period='10'/></memballoon>" : "<memballoon model='none'/>"}</devices>
    <test:runstate>${running ? 1 : 5}</test:runstate>
  </domain>`);
  await writeFile(file, `<node>${xml.join("")}\n</node>\n`);
  return `test://${path.resolve(file)}`;
}
