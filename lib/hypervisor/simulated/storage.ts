import { HypervisorError } from "../errors.ts";
import type { OverlaySpec, StorageVolume } from "../types.ts";
import type { SimulatedState, StoredPool, StoredVolume } from "./state-schema.ts";

// Storage pools on the simulated host, with libvirt's rules where the agent depends on them: a name
// is taken once per pool, an overlay's base must be in the pool, errors read as libvirt's do. A host
// whose state predates storage has the pools it was created with (`initialPools`).

export type InitialPools = Record<string, StoredPool>;

export function poolsOf(state: SimulatedState, initialPools: InitialPools): Record<string, StoredPool> {
  state.pools ??= structuredClone(initialPools);
  return state.pools;
}

export function requirePool(state: SimulatedState, initialPools: InitialPools, pool: string): StoredPool {
  const found = poolsOf(state, initialPools)[pool];
  if (!found) throw new HypervisorError("not_found", `Storage pool not found: no storage pool with matching name '${pool}'`);
  return found;
}

export function requireVolume(pool: StoredPool, name: string): StoredVolume {
  const volume = pool.volumes.find((candidate) => candidate.name === name);
  if (!volume) throw new HypervisorError("not_found", `Storage volume not found: no storage vol with matching name '${name}'`);
  return volume;
}

export function volumeView(pool: StoredPool, volume: StoredVolume): StorageVolume {
  const path = `${pool.path}/${volume.name}`;
  return { name: volume.name, key: path, path, capacityBytes: volume.capacityBytes, format: volume.format, backingPath: volume.backingPath };
}

export function addVolume(pool: StoredPool, volume: StoredVolume): StorageVolume {
  if (pool.volumes.some((candidate) => candidate.name === volume.name)) {
    throw new HypervisorError("operation_failed", `operation failed: storage vol '${volume.name}' already exists`);
  }
  pool.volumes.push(volume);
  return volumeView(pool, volume);
}

export function overlayVolume(pool: StoredPool, { name, backingVolume, capacityBytes }: OverlaySpec): StoredVolume {
  const base = requireVolume(pool, backingVolume);
  if (base.format !== "qcow2") throw new HypervisorError("operation_failed", `internal error: backing volume '${backingVolume}' is not qcow2`);
  return { name, capacityBytes, format: "qcow2", backingPath: volumeView(pool, base).path };
}

export function removeVolume(pool: StoredPool, name: string): void {
  pool.volumes.splice(pool.volumes.indexOf(requireVolume(pool, name)), 1);
}
