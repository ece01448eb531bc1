// The small interface every hypervisor driver offers (real libvirt through virsh, and the simulated
// host), so the cold-restart routine and the host agent work the same on both.

export type DomainState = "running" | "shutoff" | "shutting_down" | "paused" | "crashed" | "other";

export type DomainVirtualization = "kvm" | "lxc" | "other";

export type DomainInfo = {
  name: string;
  uuid: string;
  state: DomainState;
  virtualization: DomainVirtualization;
};

/**
 * Memory figures of one domain in KiB, as libvirt reports them. A figure the domain does not report
 * (no balloon driver, no stats period, balloon `none`) is null, never 0.
 */
export type DomainMemoryStats = {
  name: string;
  /** Balloon size: what the guest currently has (`actual` / `balloon.current`). */
  actualKiB: number | null;
  /** The most the balloon can give the guest (`balloon.maximum`). */
  maximumKiB: number | null;
  unusedKiB: number | null;
  availableKiB: number | null;
  usableKiB: number | null;
  diskCachesKiB: number | null;
  /** Resident memory of the domain's process on the host. */
  rssKiB: number | null;
  /** When the guest last updated its figures (seconds since the epoch); null when it never did. */
  lastUpdate: number | null;
};

export type XmlFlavour = "persistent" | "live";

/** The node itself, as libvirt's nodeinfo gives it: physical memory and logical CPUs. */
export type NodeInfo = { memoryKiB: number; cpus: number };

/**
 * A volume of a storage pool, as `virsh vol-dumpxml` gives it. The key is libvirt's unique id of the
 * volume (its path in a directory pool).
 */
export type StorageVolume = {
  name: string;
  key: string;
  path: string;
  capacityBytes: number;
  /** qcow2, raw, iso…; null when libvirt does not say. */
  format: string | null;
  /** The volume it is a copy-on-write overlay of; null for a volume of its own. */
  backingPath: string | null;
};

/** A volume as a pool lists it: cheap to list for a pool of thousands of disks. */
export type VolumeListing = { name: string; path: string };

export type OverlaySpec = {
  pool: string;
  name: string;
  /** The base volume, in the same pool. */
  backingVolume: string;
  capacityBytes: number;
};

export interface Hypervisor {
  /** The libvirt URI (or `simulated:///name`) this driver talks to. */
  readonly uri: string;
  listDomains(): Promise<DomainInfo[]>;
  domainState(name: string): Promise<DomainState>;
  /** The persistent definition (takes effect at the next cold start) or the running one. */
  domainXml(name: string, flavour: XmlFlavour): Promise<string>;
  /** Defines (or redefines) a persistent domain from XML; returns the domain's name. */
  defineXml(xml: string): Promise<string>;
  undefine(name: string): Promise<void>;
  /** Asks the guest to shut down (ACPI); it may ignore the request. */
  shutdown(name: string): Promise<void>;
  /** Pulls the plug. */
  destroy(name: string): Promise<void>;
  start(name: string): Promise<void>;
  /** Memory figures of every running domain of the host, gathered in one call. */
  memoryStats(): Promise<DomainMemoryStats[]>;
  /** The node's physical memory and CPUs, for the dashboard's capacity rules. */
  nodeInfo(): Promise<NodeInfo>;

  /** The volumes of a storage pool (`not_found` when there is no such pool). */
  listVolumes(pool: string): Promise<VolumeListing[]>;
  /** One volume in full; `not_found` when the pool has none of this name. */
  volumeInfo(pool: string, name: string): Promise<StorageVolume>;
  /** A qcow2 overlay backed by a qcow2 base volume of the same pool. */
  createOverlayVolume(spec: OverlaySpec): Promise<StorageVolume>;
  /** A raw volume holding exactly the bytes of a local file (a seed image, say). */
  uploadVolume(pool: string, name: string, file: string): Promise<StorageVolume>;
  deleteVolume(pool: string, name: string): Promise<void>;
  /** The capacity of the domain's first disk (not a CD-ROM), in bytes; null when it has none. */
  diskCapacityBytes(name: string): Promise<number | null>;
  /**
   * Takes the medium out of a domain's removable drive (`target`: sda) in its persistent definition
   * and, while it runs, in its live one; the empty drive stays. Nothing to do when it holds none.
   */
  ejectMedia(name: string, target: string): Promise<void>;
}
