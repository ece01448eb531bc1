import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { domainSummary } from "../domain-xml.ts";
import { parseDomstats, parseDommemstat } from "../memory-stats.ts";
import { HypervisorError, isHypervisorError } from "../errors.ts";
import { firstDisk, mediaIn, parseVolumeXml } from "../storage-xml.ts";
import type {
  DomainInfo,
  DomainMemoryStats,
  DomainState,
  DomainVirtualization,
  Hypervisor,
  NodeInfo,
  OverlaySpec,
  StorageVolume,
  VolumeListing,
  XmlFlavour,
} from "../types.ts";
import { assertDiskTarget, assertDomainName, assertLibvirtUri, assertPoolName, assertVolumeName } from "../validation.ts";
import { runVirsh, type VirshOptions } from "./virsh.ts";

// A real libvirt host, driven through virsh: qemu:///system, lxc:///, test+unix:///default, or the
// same over ssh/tls for a remote node.

const STATE_CODES: Record<string, DomainState> = {
  "1": "running",
  "2": "running", // blocked: running, waiting on I/O
  "3": "paused",
  "4": "shutting_down",
  "5": "shutoff",
  "6": "crashed",
  "7": "paused", // suspended by the guest's power management
};

const STATE_NAMES: Record<string, DomainState> = {
  running: "running",
  idle: "running",
  paused: "paused",
  "in shutdown": "shutting_down",
  "shut off": "shutoff",
  crashed: "crashed",
  pmsuspended: "paused",
};

export class LibvirtHypervisor implements Hypervisor {
  readonly virtualization: DomainVirtualization;

  constructor(
    readonly uri: string,
    private readonly options: VirshOptions = {},
  ) {
    assertLibvirtUri(uri);
    this.virtualization = uri.startsWith("lxc") ? "lxc" : "kvm";
  }

  private virsh(...args: string[]): Promise<string> {
    return runVirsh(this.uri, args, this.options);
  }

  async listDomains(): Promise<DomainInfo[]> {
    const listing = await this.virsh("list", "--all", "--uuid", "--name");
    const states = new Map<string, DomainState>();
    for (const [name, fields] of statsBlocks(await this.virsh("domstats", "--state"))) {
      states.set(name, STATE_CODES[fields.get("state.state") ?? ""] ?? "other");
    }
    return listing
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter((parts): parts is [string, string] => parts.length === 2)
      .map(([uuid, name]) => ({ name, uuid, state: states.get(name) ?? "other", virtualization: this.virtualization }));
  }

  async domainState(name: string): Promise<DomainState> {
    const state = (await this.virsh("domstate", "--domain", assertDomainName(name))).trim();
    return STATE_NAMES[state] ?? "other";
  }

  domainXml(name: string, flavour: XmlFlavour): Promise<string> {
    const args = ["dumpxml", "--domain", assertDomainName(name)];
    return this.virsh(...(flavour === "persistent" ? [...args, "--inactive"] : args));
  }

  async defineXml(xml: string): Promise<string> {
    const name = assertDomainName(domainSummary(xml).name);
    // virsh reads the definition from a file; a private temporary folder keeps it from other users.
    const dir = await mkdtemp(path.join(os.tmpdir(), "domain-xml-"));
    try {
      const file = path.join(dir, "domain.xml");
      await writeFile(file, xml, { mode: 0o600 });
      await this.virsh("define", "--file", file);
      return name;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async undefine(name: string): Promise<void> {
    await this.virsh("undefine", "--domain", assertDomainName(name));
  }

  async shutdown(name: string): Promise<void> {
    await this.virsh("shutdown", "--domain", assertDomainName(name));
  }

  async destroy(name: string): Promise<void> {
    await this.virsh("destroy", "--domain", assertDomainName(name));
  }

  async start(name: string): Promise<void> {
    await this.virsh("start", "--domain", assertDomainName(name));
  }

  async memoryStats(): Promise<DomainMemoryStats[]> {
    if (this.uri.startsWith("test")) return this.memoryStatsOneByOneInOneCall();
    return parseDomstats(await this.virsh("domstats", "--balloon", "--list-active"));
  }

  async nodeInfo(): Promise<NodeInfo> {
    return parseNodeinfo(await this.virsh("nodeinfo"));
  }

  async listVolumes(pool: string): Promise<VolumeListing[]> {
    const listing = await this.virsh("vol-list", "--pool", assertPoolName(pool));
    // " name   /path/of/it": a name of the agent's never holds a space; the path is the rest of the line.
    return listing
      .split("\n")
      .map((line) => /^\s*(\S+)\s+(\/.*?)\s*$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({ name: match[1] ?? "", path: match[2] ?? "" }));
  }

  async volumeInfo(pool: string, name: string): Promise<StorageVolume> {
    return parseVolumeXml(await this.virsh("vol-dumpxml", "--pool", assertPoolName(pool), "--vol", assertVolumeName(name)));
  }

  async createOverlayVolume({ pool, name, backingVolume, capacityBytes }: OverlaySpec): Promise<StorageVolume> {
    if (!Number.isSafeInteger(capacityBytes) || capacityBytes < 1) throw new HypervisorError("invalid_argument", `Refused volume capacity ${capacityBytes}`);
    await this.virsh(
      "vol-create-as",
      "--pool",
      assertPoolName(pool),
      "--name",
      assertVolumeName(name),
      "--capacity",
      String(capacityBytes),
      "--format",
      "qcow2",
      "--backing-vol",
      assertVolumeName(backingVolume),
      "--backing-vol-format",
      "qcow2",
    );
    return this.volumeInfo(pool, name);
  }

  async uploadVolume(pool: string, name: string, file: string): Promise<StorageVolume> {
    const { size } = await stat(file);
    await this.virsh("vol-create-as", "--pool", assertPoolName(pool), "--name", assertVolumeName(name), "--capacity", String(size), "--format", "raw");
    try {
      await this.virsh("vol-upload", "--pool", pool, "--vol", name, "--file", file);
    } catch (error) {
      // A volume with half a file in it is worse than none.
      await this.deleteVolume(pool, name).catch(() => undefined);
      throw error;
    }
    return this.volumeInfo(pool, name);
  }

  async deleteVolume(pool: string, name: string): Promise<void> {
    await this.virsh("vol-delete", "--pool", assertPoolName(pool), "--vol", assertVolumeName(name));
  }

  async diskCapacityBytes(name: string): Promise<number | null> {
    const disk = firstDisk(await this.domainXml(name, "persistent"));
    if (!disk) return null;
    // domblkinfo reads the image itself, so it answers for a shut-off domain and a disk in no pool alike.
    const output = await this.virsh("domblkinfo", "--domain", assertDomainName(name), "--device", assertDiskTarget(disk.target));
    const capacity = Number(/^Capacity:\s*(\d+)/m.exec(output)?.[1]);
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new HypervisorError("operation_failed", "virsh domblkinfo gave no capacity", output.slice(0, 500));
    return capacity;
  }

  async ejectMedia(name: string, target: string): Promise<void> {
    assertDiskTarget(target);
    const persistent = mediaIn(await this.domainXml(name, "persistent"), target) !== null;
    const running = (await this.domainState(name)) === "running";
    const live = running && mediaIn(await this.domainXml(name, "live"), target) !== null;
    if (!persistent && !live) return;
    // --config and --live each where the medium is: libvirt refuses to eject from an empty drive.
    const where = [...(persistent ? ["--config"] : []), ...(live ? ["--live"] : [])];
    try {
      await this.virsh("change-media", "--domain", assertDomainName(name), "--path", target, "--eject", ...where);
    } catch (error) {
      // A guest may lock its tray; QEMU then ejects it forcefully only when told to.
      if (!isHypervisorError(error, "operation_failed") || !live) throw error;
      await this.virsh("change-media", "--domain", name, "--path", target, "--eject", "--force", ...where);
    }
  }

  /**
   * libvirt's test driver has no bulk balloon statistics; it answers `dommemstat`. After a listing,
   * all domains go in one virsh call: a batch of commands, each block introduced by an `echo` marker.
   */
  private async memoryStatsOneByOneInOneCall(): Promise<DomainMemoryStats[]> {
    const names = (await this.virsh("list", "--name")).split("\n").map((line) => line.trim()).filter(Boolean);
    if (names.length === 0) return [];
    // Names are validated, so they cannot break out of virsh's own command syntax.
    const batch = names.map((name) => `echo @@${assertDomainName(name)}@@; dommemstat --domain ${name}`).join("; ");
    const output = await this.virsh(batch);
    // `echo` under --quiet ends without a newline, so each marker is closed rather than on a line of its own.
    const parts = output.split(/@@([A-Za-z0-9._+:-]+)@@/);
    const stats: DomainMemoryStats[] = [];
    for (let i = 1; i < parts.length; i += 2) stats.push(parseDommemstat(parts[i] ?? "", parts[i + 1] ?? ""));
    return stats;
  }
}

/** `virsh nodeinfo`: "CPU(s):  8" and "Memory size:  16318588 KiB" are the lines the dashboard needs. */
export function parseNodeinfo(output: string): NodeInfo {
  const field = (label: string) => new RegExp(`^${label}:\\s*(\\d+)`, "m").exec(output)?.[1];
  const cpus = Number(field("CPU\\(s\\)"));
  const memoryKiB = Number(field("Memory size"));
  if (!Number.isInteger(cpus) || cpus < 1 || !Number.isInteger(memoryKiB) || memoryKiB < 1) {
    throw new HypervisorError("operation_failed", "virsh nodeinfo gave no CPU count or memory size", output.slice(0, 500));
  }
  return { cpus, memoryKiB };
}

/** `virsh domstats` output as name → field → value. */
function statsBlocks(output: string): Map<string, Map<string, string>> {
  const blocks = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of output.split("\n")) {
    const header = /^Domain: '(.*)'$/.exec(line.trim());
    if (header) blocks.set(header[1] ?? "", (current = new Map()));
    const field = /^\s*([\w.-]+)=(.*)$/.exec(line);
    if (field && current) current.set(field[1] ?? "", (field[2] ?? "").trim());
  }
  return blocks;
}
