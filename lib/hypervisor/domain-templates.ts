import { randomUUID } from "node:crypto";
import { HypervisorError } from "./errors.ts";
import { DEFAULT_STATS_PERIOD } from "./domain-xml.ts";
import { assertDomainName } from "./validation.ts";

// Domain definitions the dashboard creates: a KVM guest as virt-install would define it, and a
// legacy LXC container. Values are validated numbers, names and plain paths, so nothing needs escaping.

export type DomainSpec = { name: string; memoryMiB: number; vcpus: number; uuid?: string };

// Paths go into XML attributes as they are: only plain absolute paths are accepted.
const PLAIN_PATH = /^\/[A-Za-z0-9._+:/-]*$/;

function checkPath(value: string | undefined): void {
  if (value !== undefined && (!PLAIN_PATH.test(value) || value.split("/").includes(".."))) {
    throw new HypervisorError("invalid_argument", `Refused path ${JSON.stringify(value.slice(0, 200))}: a plain absolute path is needed`);
  }
}

function checkSpec({ name, memoryMiB, vcpus }: DomainSpec, paths: (string | undefined)[] = []): void {
  assertDomainName(name);
  paths.forEach(checkPath);
  if (!Number.isInteger(memoryMiB) || memoryMiB < 64 || !Number.isInteger(vcpus) || vcpus < 1) {
    throw new HypervisorError("invalid_argument", `Invalid plan for ${name}: ${memoryMiB} MiB, ${vcpus} vCPU`);
  }
}

/**
 * The drive a first-boot seed (cloud-init NoCloud) is read from: a read-only CD-ROM on SATA, a bus
 * both the template's `pc` machine (libvirt adds the AHCI controller) and q35 have.
 */
export const SEED_DRIVE_TARGET = "sda";

export function kvmDomainXml(spec: DomainSpec & { ballooning: boolean; diskPath?: string; seedPath?: string; domainType?: "kvm" | "qemu" }): string {
  checkSpec(spec, [spec.diskPath, spec.seedPath]);
  const kib = spec.memoryMiB * 1024;
  const balloon = spec.ballooning
    ? `<memballoon model='virtio'>\n      <stats period='${DEFAULT_STATS_PERIOD}'/>\n    </memballoon>`
    : `<memballoon model='none'/>`;
  const disk = spec.diskPath ?? `/var/lib/libvirt/images/${spec.name}.qcow2`;
  return `<domain type='${spec.domainType ?? "kvm"}'>
  <name>${spec.name}</name>
  <uuid>${spec.uuid ?? randomUUID()}</uuid>
  <memory unit='KiB'>${kib}</memory>
  <currentMemory unit='KiB'>${kib}</currentMemory>
  <vcpu placement='static'>${spec.vcpus}</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <boot dev='hd'/>
  </os>
  <features>
    <acpi/>
    <apic/>
  </features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${disk}'/>
      <target dev='vda' bus='virtio'/>
    </disk>${spec.seedPath === undefined ? "" : `
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='${spec.seedPath}'/>
      <target dev='${SEED_DRIVE_TARGET}' bus='sata'/>
      <readonly/>
    </disk>`}
    <interface type='network'>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <console type='pty'/>
    ${balloon}
  </devices>
</domain>
`;
}

export function lxcDomainXml(spec: DomainSpec & { rootPath?: string }): string {
  checkSpec(spec, [spec.rootPath]);
  return `<domain type='lxc'>
  <name>${spec.name}</name>
  <uuid>${spec.uuid ?? randomUUID()}</uuid>
  <memory unit='KiB'>${spec.memoryMiB * 1024}</memory>
  <vcpu>${spec.vcpus}</vcpu>
  <os>
    <type>exe</type>
    <init>/sbin/init</init>
  </os>
  <devices>
    <filesystem type='mount'>
      <source dir='${spec.rootPath ?? `/var/lib/lxc/${spec.name}/rootfs`}'/>
      <target dir='/'/>
    </filesystem>
    <interface type='network'>
      <source network='default'/>
    </interface>
    <console type='pty'/>
  </devices>
</domain>
`;
}
