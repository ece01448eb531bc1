import { domainSummary, readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { HypervisorError, isHypervisorError } from "@/lib/hypervisor/errors.ts";
import { forceStopStep, startStep, type PowerOptions, type StepOutcome } from "@/lib/hypervisor/power-steps.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import { SEED_DRIVE_TARGET } from "@/lib/hypervisor/domain-templates.ts";
import { mediaIn } from "@/lib/hypervisor/storage-xml.ts";
import { diskVolumeNameFor, findImage, kvmDomainNameFor, seedVolumeNameFor } from "@/lib/images/catalogue.ts";
import { observation } from "../observe-domain.ts";
import { StepRefusal, type CommandRun, type RunContext } from "./command-run.ts";
import { deleteRecordedVolume, ensureDisk as ensureDiskVolume, ensureSeed as ensureSeedVolume, volumeRecord, waitForGuestKernel } from "./reinstall-storage.ts";

// A reinstall on the node: an LXC server is recreated on KVM. Its disk is an overlay of the image's
// base volume and a cloud-init seed gives it its host name and login (reinstall-storage.ts). The KVM
// domain is defined, started and checked while the container still runs; only then are the seed and
// the container removed. Until the container is gone, any failure rolls back (the KVM domain, its
// disk and seed go, the container runs as before), so a failed reinstall leaves the customer's
// server as it was. The KVM domain's uuid is the action's id, and each volume is recorded before it
// is created: that is how a later attempt (or the rollback) tells what this action made from what it
// must not touch.

/** How long a first boot may keep its seed before the agent takes it away regardless. */
export const DEFAULT_FIRST_BOOT_GRACE_MS = 120_000;
export const DEFAULT_IMAGE_POOL = "default";

export function reinstallRun(run: RunContext<"reinstall">): CommandRun<"reinstall"> {
  const { action, host, signal } = run;
  const { hypervisor, lxcHypervisor, template } = host;
  const { image: imageId, hostname, diskGiB, login } = action.params;
  const power: PowerOptions = { shutdownTimeoutMs: host.shutdownTimeoutMs, pollMs: host.pollMs, signal };
  const pool = host.imagePool ?? DEFAULT_IMAGE_POOL;
  const container = action.server.domainName;
  const kvmName = () => kvmDomainNameFor(container);
  const ours = async () => (await definedUuid(hypervisor, kvmName())) === action.id;
  const diskRecord = () => volumeRecord(run.recorded("create_disk"));
  const seedRecord = () => volumeRecord(run.recorded("create_first_boot_seed"));

  const requireImage = () => {
    const image = findImage(imageId);
    if (!image) throw new StepRefusal("unknown_image", `The image "${imageId}" is not available for reinstalls.`);
    return image;
  };

  const ensureDisk = async () => {
    const image = requireImage();
    if (!(await ours()) && (await definedUuid(lxcHypervisor, container)) === null) {
      throw new StepRefusal("not_found", "The server's container was not found on the host, so nothing was reinstalled.");
    }
    return ensureDiskVolume(hypervisor, {
      pool,
      name: diskVolumeNameFor(kvmName()),
      baseVolume: image.baseVolume,
      imageId,
      diskGiB,
      recorded: diskRecord(),
      record: (data) => run.record("create_disk", data),
    });
  };

  const ensureSeed = async (rebuild: boolean) => {
    if (!login) return null;
    return ensureSeedVolume(hypervisor, {
      pool,
      name: seedVolumeNameFor(kvmName()),
      instanceId: action.id,
      hostname,
      login,
      recorded: seedRecord(),
      record: (data) => run.record("create_first_boot_seed", data),
      rebuild,
    });
  };

  // Also the way back for an attempt that rolled back but could not report it: "define" done, and no
  // domain, disk or seed left.
  const ensureDefined = async (): Promise<StepOutcome> => {
    const image = requireImage();
    const disk = await ensureDisk();
    const seed = await ensureSeed(false);
    const { memoryMiB, vcpus } = action.server;
    signal.throwIfAborted();
    const options = { ...template, diskPath: disk.volume.path, ...(seed ? { seedPath: seed.volume.path } : {}) };
    return defineKvmDomain(hypervisor, image.domainXml({ name: kvmName(), memoryMiB, vcpus, uuid: action.id }, options));
  };

  /** Ejects the seed once the first boot has read it, then deletes its volume. */
  const removeSeed = async (): Promise<StepOutcome> => {
    const running = (await hypervisor.domainState(kvmName())) === "running";
    const attached =
      mediaIn(await hypervisor.domainXml(kvmName(), "persistent"), SEED_DRIVE_TARGET) !== null ||
      (running && mediaIn(await hypervisor.domainXml(kvmName(), "live"), SEED_DRIVE_TARGET) !== null);
    if (attached) {
      // cloud-init reads the seed early in the first boot; taking it away before would leave the
      // server without its login. The wait is bounded: a guest that never says it runs loses it too.
      if (running) await waitForGuestKernel(hypervisor, kvmName(), { graceMs: host.firstBootGraceMs ?? DEFAULT_FIRST_BOOT_GRACE_MS, pollMs: host.pollMs ?? 1_000, signal });
      await hypervisor.ejectMedia(kvmName(), SEED_DRIVE_TARGET);
    }
    const deleted = await deleteRecordedVolume(hypervisor, seedRecord());
    return attached || deleted === "done" ? "done" : "skipped";
  };

  /** Deletes the seed and the disk this action created, if they are there. */
  const deleteVolumes = async () => {
    await deleteRecordedVolume(hypervisor, seedRecord());
    await deleteRecordedVolume(hypervisor, diskRecord());
  };

  /** Back to the container as it ran: remove the KVM domain and volumes this action made, run the container. */
  const rollBack = async (): Promise<"restored" | "forward_only" | "nothing_to_restore"> => {
    const containerThere = (await definedUuid(lxcHypervisor, container)) !== null;
    const kvmThere = await ours();
    if (!containerThere) {
      if (kvmThere) return "forward_only";
      await deleteVolumes();
      return "nothing_to_restore";
    }
    if (kvmThere) await removeDomain(hypervisor, kvmName(), power);
    try {
      await deleteVolumes();
    } finally {
      // The customer's server runs again even when a volume could not be deleted.
      await startStep(lxcHypervisor, container, power);
    }
    return "restored";
  };

  return {
    steps: {
      create_disk: async () => (await ensureDisk()).outcome,
      create_first_boot_seed: async () => (await ensureSeed(true))?.outcome ?? "skipped",
      define_kvm_domain: ensureDefined,
      start_kvm_domain: async () => {
        await ensureDefined();
        return startStep(hypervisor, kvmName(), power);
      },
      verify_kvm_domain: () => verifyKvmDomain(hypervisor, kvmName()),
      remove_first_boot_seed: removeSeed,
      remove_lxc_domain: () => removeDomain(lxcHypervisor, container, power),
      switch_server_record: async () => "done", // the dashboard switches the record when the action succeeds
    },

    onFailure: async ({ error, plain }) => {
      // Once the container is gone the KVM domain is the server: only going forward is left, which
      // the next attempt does when this one's lease runs out.
      if (run.finished("remove_lxc_domain")) return "retry_later";
      let outcome: Awaited<ReturnType<typeof rollBack>> | "rollback_failed";
      try {
        outcome = await rollBack();
      } catch (rollbackError) {
        signal.throwIfAborted();
        run.log(`reinstall ${action.id} ${container}: rollback failed: ${messageOf(rollbackError)}`, { level: "error", err: rollbackError });
        outcome = "rollback_failed";
      }
      if (outcome === "forward_only") return "retry_later";
      const failure = error instanceof StepRefusal ? error.message : plain;
      switch (outcome) {
        case "restored":
          return { code: error instanceof StepRefusal ? error.code : "rolled_back", message: `${failure} Your server was left as it was, still running on LXC.` };
        case "rollback_failed":
          return { code: "rollback_failed", message: `${failure} Undoing the change did not work either; our team has to look at the server.` };
        case "nothing_to_restore":
          return { code: error instanceof StepRefusal ? error.code : "failed", message: failure };
      }
    },

    observe: (outcome) =>
      outcome === "success" ? observation(hypervisor, kvmName()) : observation(lxcHypervisor, container),
  };
}

/** Defines the domain unless it exists; one of that name with another uuid belongs to someone else. */
export async function defineKvmDomain(hypervisor: Hypervisor, xml: string): Promise<StepOutcome> {
  const { name, uuid } = domainSummary(xml);
  const existing = await definedUuid(hypervisor, name);
  if (existing === null) {
    await hypervisor.defineXml(xml);
    return "done";
  }
  if (existing !== uuid?.toLowerCase()) {
    throw new StepRefusal("name_taken", `Another domain on the host is already called ${name}; the reinstall did not touch it.`);
  }
  return "skipped";
}

/** The domain runs, with a virtio balloon that reports guest memory (a stats period) in its live XML. */
export async function verifyKvmDomain(hypervisor: Hypervisor, name: string): Promise<StepOutcome> {
  const state = await hypervisor.domainState(name);
  if (state !== "running") throw new HypervisorError("operation_failed", `Domain ${name} is ${state} after its start`);
  const balloon = readBalloon(await hypervisor.domainXml(name, "live"));
  if (!balloon.supported || balloon.model !== "virtio" || balloon.statsPeriod === null) {
    throw new HypervisorError("operation_failed", `Domain ${name} runs without a virtio balloon with a stats period`);
  }
  return "done";
}

/** Stops the domain if it runs and undefines it; "skipped" when it is already gone. */
async function removeDomain(hypervisor: Hypervisor, name: string, power: PowerOptions): Promise<StepOutcome> {
  if ((await definedUuid(hypervisor, name)) === null) return "skipped";
  await forceStopStep(hypervisor, name, power);
  power.signal?.throwIfAborted();
  await hypervisor.undefine(name);
  return "done";
}

/** The uuid of the domain of this name (lower case), or null when there is none. */
async function definedUuid(hypervisor: Hypervisor, name: string): Promise<string | null> {
  try {
    return domainSummary(await hypervisor.domainXml(name, "persistent")).uuid?.toLowerCase() ?? "";
  } catch (error) {
    if (isHypervisorError(error, "not_found")) return null;
    throw error;
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
