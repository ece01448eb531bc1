import { stat } from "node:fs/promises";
import path from "node:path";
import { baseVolumes } from "@/lib/images/catalogue.ts";
import { domainVirtualization, parseDomainXml } from "../domain-xml.ts";
import { HypervisorError } from "../errors.ts";
import { firstDisk, withoutMedia } from "../storage-xml.ts";
import type { DomainInfo, DomainMemoryStats, DomainState, Hypervisor, NodeInfo, OverlaySpec, StorageVolume, VolumeListing, XmlFlavour } from "../types.ts";
import { assertDiskTarget, assertPoolName, assertVolumeName } from "../validation.ts";
import { defineDomain, readDefinition } from "./define-domain.ts";
import { consumeFault, hasFault, storedFault, type InjectedFault } from "./faults.ts";
import { hostMemoryStats, runningGuest } from "./memory-model.ts";
import { acpiShutdownFrom, domainStateOf, isActive, powerAt, SHUT_OFF, startedAt, type SimulatedTimings } from "./power.ts";
import type { FaultOperation, SimulatedState, StoredDomain } from "./state-schema.ts";
import { StateStore } from "./state-store.ts";
import { addVolume, overlayVolume, poolsOf, removeVolume, requirePool, requireVolume, volumeView, type InitialPools } from "./storage.ts";

// A hypervisor host with no libvirt behind it: the dashboard's default, and the one tests drive.
// It keeps libvirt's semantics where the product depends on them (a redefinition reaches a running
// domain only through a cold restart; ACPI shutdown takes time and may be ignored; memory figures
// are null where libvirt reports none) and keeps everything in one state file, with no timers, so
// any number of instances in any number of processes see the same host.

export type SimulatedHypervisorOptions = {
  /** `simulated:///<host-name>`. */
  uri: string;
  /** The state lives in `<dataDir>/simulated/<host-name>.json`. */
  dataDir: string;
  /** Milliseconds since the epoch; tests pass a clock they move by hand. */
  clock?: () => number;
  timings?: SimulatedTimings;
  /** Memory the host can hand to its guests; balloons inflate when running domains hold more. */
  hostMemoryKiB?: number;
  /** The storage a new host starts with; by default a prepared node's: `default` holding the catalogue's base volumes. */
  initialPools?: InitialPools;
};

const GIB = 1024 ** 3;

/** A node prepared as the README says: the catalogue's cloud images in the `default` pool. */
export const PREPARED_NODE_POOLS: InitialPools = {
  default: {
    path: "/var/lib/libvirt/images",
    volumes: baseVolumes().map((name) => ({ name, capacityBytes: 3 * GIB, format: "qcow2", backingPath: null })),
  },
};

export type GuestBehaviour = { ignoresAcpi: boolean };

const URI_PATTERN = /^simulated:\/\/\/([a-z0-9][a-z0-9-]{0,62})$/;
const DEFAULT_HOST_MEMORY_KIB = 64 * 1024 * 1024;
/** A two-socket node of today; nothing in the simulation depends on it. */
const SIMULATED_CPUS = 32;

/** The host name in a `simulated:///<host-name>` URI; refuses anything else. */
export function simulatedHostName(uri: string): string {
  const host = URI_PATTERN.exec(uri)?.[1];
  if (!host) throw new HypervisorError("invalid_argument", `Not a simulated host URI: '${uri}' (expected simulated:///<host-name>)`);
  return host;
}

export function createSimulatedHypervisor(options: SimulatedHypervisorOptions): SimulatedHypervisor {
  return new SimulatedHypervisor(options);
}

export class SimulatedHypervisor implements Hypervisor {
  readonly uri: string;
  readonly hostName: string;
  readonly stateFile: string;
  private readonly store: StateStore;
  private readonly clock: () => number;
  private readonly timings: SimulatedTimings;
  private readonly hostMemoryKiB: number;
  private readonly initialPools: InitialPools;

  constructor({ uri, dataDir, clock = Date.now, timings = {}, hostMemoryKiB = DEFAULT_HOST_MEMORY_KIB, initialPools = PREPARED_NODE_POOLS }: SimulatedHypervisorOptions) {
    if (!Number.isFinite(hostMemoryKiB) || hostMemoryKiB <= 0) {
      throw new HypervisorError("invalid_argument", `Host memory must be a positive number of KiB (got ${hostMemoryKiB})`);
    }
    this.uri = uri;
    this.hostName = simulatedHostName(uri);
    this.stateFile = path.join(dataDir, "simulated", `${this.hostName}.json`);
    this.store = new StateStore(this.stateFile);
    this.clock = clock;
    this.timings = timings;
    this.hostMemoryKiB = hostMemoryKiB;
    this.initialPools = initialPools;
  }

  async nodeInfo(): Promise<NodeInfo> {
    await this.readAfterFaults("nodeInfo");
    return { memoryKiB: this.hostMemoryKiB, cpus: SIMULATED_CPUS };
  }

  async listDomains(): Promise<DomainInfo[]> {
    const state = await this.readAfterFaults("listDomains");
    const now = this.clock();
    return state.domains
      .map((domain) => ({
        name: domain.name,
        uuid: domain.uuid,
        state: domainStateOf(domain.power, now),
        virtualization: domainVirtualization(parseDomainXml(domain.persistentXml)),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async domainState(name: string): Promise<DomainState> {
    const domain = requireDomain(await this.readAfterFaults("domainState", name), name);
    return domainStateOf(domain.power, this.clock());
  }

  /** Like `dumpxml`: the live definition while the domain runs, the persistent one once it is off. */
  async domainXml(name: string, flavour: XmlFlavour): Promise<string> {
    const domain = requireDomain(await this.readAfterFaults("domainXml", name), name);
    const running = isActive(powerAt(domain.power, this.clock()));
    return flavour === "live" && running && domain.liveXml !== null ? domain.liveXml : domain.persistentXml;
  }

  async defineXml(xml: string): Promise<string> {
    const { name } = readDefinition(xml);
    await this.readAfterFaults("define", name);
    return this.store.update((state) => defineDomain(state, xml));
  }

  async undefine(name: string): Promise<void> {
    await this.changeDomain("undefine", name, (domain, state) => {
      if (isActive(domain.power)) {
        throw new HypervisorError("operation_failed", `operation failed: cannot undefine domain '${name}' while it is running`);
      }
      state.domains.splice(state.domains.indexOf(domain), 1);
    });
  }

  async shutdown(name: string): Promise<void> {
    await this.changeDomain("shutdown", name, (domain, _state, now) => {
      requireRunning(domain);
      if (!domain.ignoresAcpi) domain.power = acpiShutdownFrom(domain.power, name, now, this.timings);
    });
  }

  async destroy(name: string): Promise<void> {
    await this.changeDomain("destroy", name, (domain) => {
      requireRunning(domain);
      domain.power = SHUT_OFF;
      domain.liveXml = null;
    });
  }

  /** A cold start: the domain runs what its persistent definition says now. */
  async start(name: string): Promise<void> {
    await this.changeDomain("start", name, (domain, _state, now) => {
      if (isActive(domain.power)) throw new HypervisorError("operation_failed", "Requested operation is not valid: domain is already running");
      domain.power = startedAt(now, this.timings);
      domain.liveXml = domain.persistentXml;
      domain.starts += 1;
    });
  }

  /** How many times the domain has been started. */
  async startCount(name: string): Promise<number> {
    const domain = (await this.store.read()).domains.find((candidate) => candidate.name === name);
    if (!domain) throw new HypervisorError("not_found", `Domain not found: no domain with matching name '${name}'`);
    return domain.starts;
  }

  async memoryStats(): Promise<DomainMemoryStats[]> {
    const state = await this.readAfterFaults("memoryStats");
    const now = this.clock();
    const guests = state.domains.flatMap((domain) => {
      const power = powerAt(domain.power, now);
      return isActive(power) ? [runningGuest(domain.name, domain.liveXml ?? domain.persistentXml, power)] : [];
    });
    return hostMemoryStats(guests, this.hostMemoryKiB, now);
  }

  async listVolumes(pool: string): Promise<VolumeListing[]> {
    const state = await this.readAfterFaults("listVolumes");
    const found = requirePool(state, this.initialPools, assertPoolName(pool));
    return found.volumes.map((volume) => ({ name: volume.name, path: volumeView(found, volume).path }));
  }

  async volumeInfo(pool: string, name: string): Promise<StorageVolume> {
    const state = await this.readAfterFaults("volumeInfo", assertVolumeName(name));
    const found = requirePool(state, this.initialPools, assertPoolName(pool));
    return volumeView(found, requireVolume(found, name));
  }

  async createOverlayVolume(spec: OverlaySpec): Promise<StorageVolume> {
    await this.readAfterFaults("createVolume", assertVolumeName(spec.name));
    if (!Number.isSafeInteger(spec.capacityBytes) || spec.capacityBytes < 1) throw new HypervisorError("invalid_argument", `Refused volume capacity ${spec.capacityBytes}`);
    return this.store.update((state) => {
      const pool = requirePool(state, this.initialPools, assertPoolName(spec.pool));
      return addVolume(pool, overlayVolume(pool, { ...spec, backingVolume: assertVolumeName(spec.backingVolume) }));
    });
  }

  /** Keeps the file's size, not its bytes. */
  async uploadVolume(pool: string, name: string, file: string): Promise<StorageVolume> {
    await this.readAfterFaults("uploadVolume", assertVolumeName(name));
    const { size } = await stat(file);
    return this.store.update((state) => addVolume(requirePool(state, this.initialPools, assertPoolName(pool)), { name, capacityBytes: size, format: "raw", backingPath: null }));
  }

  async deleteVolume(pool: string, name: string): Promise<void> {
    await this.readAfterFaults("deleteVolume", assertVolumeName(name));
    await this.store.update((state) => removeVolume(requirePool(state, this.initialPools, assertPoolName(pool)), name));
  }

  /** The capacity of the pool volume the domain's first disk is; null for a disk in no pool (the simulated host has no files). */
  async diskCapacityBytes(name: string): Promise<number | null> {
    const disk = firstDisk(await this.domainXml(name, "persistent"));
    if (!disk?.file) return null;
    const pools = poolsOf(await this.store.read(), this.initialPools);
    for (const pool of Object.values(pools)) {
      for (const volume of pool.volumes) if (volumeView(pool, volume).path === disk.file) return volume.capacityBytes;
    }
    return null;
  }

  async ejectMedia(name: string, target: string): Promise<void> {
    assertDiskTarget(target);
    await this.changeDomain("ejectMedia", name, (domain) => {
      domain.persistentXml = withoutMedia(domain.persistentXml, target);
      if (domain.liveXml !== null) domain.liveXml = withoutMedia(domain.liveXml, target);
    });
  }

  /** The host's pools as its state holds them, for tests and operators. */
  async pools(): Promise<Record<string, { path: string; volumes: StorageVolume[] }>> {
    const pools = poolsOf(await this.store.read(), this.initialPools);
    return Object.fromEntries(Object.entries(pools).map(([name, pool]) => [name, { path: pool.path, volumes: pool.volumes.map((volume) => volumeView(pool, volume)) }]));
  }

  /** Makes the next matching call(s) fail, from this process or any other using the same host. */
  async injectFault(fault: InjectedFault): Promise<void> {
    const stored = storedFault(fault);
    await this.store.update((state) => {
      state.faults.push(stored);
    });
  }

  async clearFaults(): Promise<void> {
    await this.store.update((state) => {
      state.faults = [];
    });
  }

  /** How the guest reacts, kept across redefinitions: a guest with no OS ignores the power button. */
  async setGuestBehaviour(name: string, behaviour: GuestBehaviour): Promise<void> {
    await this.store.update((state) => {
      requireDomain(state, name).ignoresAcpi = behaviour.ignoresAcpi;
    });
  }

  /** The state, after letting an injected fault for this call fire. */
  private async readAfterFaults(operation: FaultOperation, domain?: string): Promise<SimulatedState> {
    const state = await this.store.read();
    if (!hasFault(state, operation, domain)) return state;
    const error = await this.store.update((latest) => consumeFault(latest, operation, domain));
    if (error) throw error;
    return this.store.read(); // another process used the fault up first
  }

  /** Read-modify-write of one domain, its finished transitions settled first, under the state lock. */
  private async changeDomain(
    operation: FaultOperation,
    name: string,
    change: (domain: StoredDomain, state: SimulatedState, now: number) => void,
  ): Promise<void> {
    await this.readAfterFaults(operation, name);
    await this.store.update((state) => {
      const domain = requireDomain(state, name);
      const now = this.clock();
      domain.power = powerAt(domain.power, now);
      if (!isActive(domain.power)) domain.liveXml = null;
      change(domain, state, now);
    });
  }
}

function requireDomain(state: SimulatedState, name: string): StoredDomain {
  const domain = state.domains.find((candidate) => candidate.name === name);
  if (!domain) throw new HypervisorError("not_found", `Domain not found: no domain with matching name '${name}'`);
  return domain;
}

function requireRunning(domain: StoredDomain): void {
  if (!isActive(domain.power)) throw new HypervisorError("operation_failed", "Requested operation is not valid: domain is not running");
}
