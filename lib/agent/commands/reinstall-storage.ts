import { setTimeout as sleep } from "node:timers/promises";
import type { FirstBootLogin } from "@/lib/actions/commands/reinstall.ts";
import type { StepData } from "@/lib/contracts/provider.ts";
import { isHypervisorError } from "@/lib/hypervisor/errors.ts";
import type { Hypervisor, StorageVolume } from "@/lib/hypervisor/types.ts";
import { SeedRefusal, withFirstBootSeed } from "../first-boot-seed.ts";
import { StepRefusal } from "./command-run.ts";

// The reinstall's volumes in the node's image pool: the server's disk (an overlay of the image's
// base) and its first-boot seed. Each is recorded in its step's data before it is created, so a
// later attempt, or the rollback, tells a volume this action made from one of the same name that it
// must not touch: a volume of that name with no record (or another base) belongs to someone else.

const GIB = 1024 ** 3;

/** What a volume's step records before creating it. */
export type VolumeRecord = { pool: string; volume: string; backingPath: string | null };

export function volumeRecord(data: StepData | null): VolumeRecord | null {
  if (!data || typeof data.pool !== "string" || typeof data.volume !== "string") return null;
  return { pool: data.pool, volume: data.volume, backingPath: typeof data.backingPath === "string" ? data.backingPath : null };
}

export async function volumeOrNull(hypervisor: Hypervisor, pool: string, name: string): Promise<StorageVolume | null> {
  try {
    return await hypervisor.volumeInfo(pool, name);
  } catch (error) {
    if (isHypervisorError(error, "not_found")) return null;
    throw error;
  }
}

/** Whether `volume` is the one `record` announced. */
export const isRecorded = (volume: StorageVolume, record: VolumeRecord | null) =>
  record !== null && record.volume === volume.name && record.backingPath === volume.backingPath;

export type DiskRequest = {
  pool: string;
  name: string;
  baseVolume: string;
  imageId: string;
  diskGiB: number | undefined;
  recorded: VolumeRecord | null;
  record: (data: VolumeRecord) => Promise<void>;
};

/** The server's overlay disk: created (and recorded first), reused when this action made it, refused otherwise. */
export async function ensureDisk(hypervisor: Hypervisor, request: DiskRequest): Promise<{ outcome: "done" | "skipped"; volume: StorageVolume }> {
  const { pool, name, baseVolume, imageId, diskGiB, recorded } = request;
  const base = await volumeOrNull(hypervisor, pool, baseVolume).catch((error: unknown) => {
    if (isHypervisorError(error, "not_found")) return null; // no such pool
    throw error;
  });
  if (!base) throw new StepRefusal("image_missing", `The image "${imageId}" is not prepared on the server's host, so nothing was reinstalled.`);
  const existing = await volumeOrNull(hypervisor, pool, name);
  if (existing) {
    if (isRecorded(existing, recorded) && existing.backingPath === base.path) return { outcome: "skipped", volume: existing };
    throw new StepRefusal("disk_taken", `Another disk on the host is already called ${name}; the reinstall did not touch it.`);
  }
  const capacityBytes = diskGiB === undefined ? base.capacityBytes : diskGiB * GIB;
  if (capacityBytes < base.capacityBytes) {
    throw new StepRefusal("disk_too_small", `The plan's disk (${diskGiB} GiB) is smaller than the image "${imageId}" (${(base.capacityBytes / GIB).toFixed(1)} GiB).`);
  }
  if (!recorded) await request.record({ pool, volume: name, backingPath: base.path });
  return { outcome: "done", volume: await hypervisor.createOverlayVolume({ pool, name, backingVolume: baseVolume, capacityBytes }) };
}

export type SeedRequest = {
  pool: string;
  name: string;
  instanceId: string;
  hostname: string | undefined;
  login: FirstBootLogin;
  recorded: VolumeRecord | null;
  record: (data: VolumeRecord) => Promise<void>;
  /** Build it anew even when this action's seed is there: an interrupted upload may have left half of it. */
  rebuild: boolean;
};

/** The first-boot seed volume, built from the login and uploaded; refused when the name is someone else's. */
export async function ensureSeed(hypervisor: Hypervisor, request: SeedRequest): Promise<{ outcome: "done" | "skipped"; volume: StorageVolume }> {
  const { pool, name, recorded } = request;
  const existing = await volumeOrNull(hypervisor, pool, name);
  if (existing) {
    if (!isRecorded(existing, recorded)) throw new StepRefusal("seed_taken", `Another volume on the host is already called ${name}; the reinstall did not touch it.`);
    if (!request.rebuild) return { outcome: "skipped", volume: existing };
    await hypervisor.deleteVolume(pool, name);
  }
  if (!recorded) await request.record({ pool, volume: name, backingPath: null });
  try {
    const content = { instanceId: request.instanceId, login: request.login, ...(request.hostname === undefined ? {} : { hostname: request.hostname }) };
    return { outcome: "done", volume: await withFirstBootSeed(content, (iso) => hypervisor.uploadVolume(pool, name, iso)) };
  } catch (error) {
    if (error instanceof SeedRefusal) throw new StepRefusal("invalid_login", error.message);
    throw error;
  }
}

/** Deletes the volume if it is there and this action recorded it; "skipped" otherwise. */
export async function deleteRecordedVolume(hypervisor: Hypervisor, record: VolumeRecord | null): Promise<"done" | "skipped"> {
  if (!record) return "skipped";
  const volume = await volumeOrNull(hypervisor, record.pool, record.volume);
  if (!volume || !isRecorded(volume, record)) return "skipped";
  await hypervisor.deleteVolume(record.pool, record.volume);
  return "done";
}

/**
 * Waits, at most `graceMs`, until the guest's balloon driver reports memory figures: its kernel runs,
 * and with it the early boot in which cloud-init reads the seed (and keeps what it read). A guest
 * that never reports (no balloon driver, no OS) gets the whole grace.
 */
export async function waitForGuestKernel(hypervisor: Hypervisor, name: string, { graceMs, pollMs, signal }: { graceMs: number; pollMs: number; signal: AbortSignal }): Promise<void> {
  const until = Date.now() + graceMs;
  while (Date.now() < until) {
    const stats = (await hypervisor.memoryStats()).find((entry) => entry.name === name);
    if (stats && (stats.lastUpdate !== null || stats.usableKiB !== null || stats.unusedKiB !== null)) return;
    await sleep(Math.min(pollMs, Math.max(0, until - Date.now())), undefined, { signal });
  }
}
