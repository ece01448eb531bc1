import { domainSummary, readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { HypervisorError, isHypervisorError } from "@/lib/hypervisor/errors.ts";
import { forceStopStep, startStep, type PowerOptions, type StepOutcome } from "@/lib/hypervisor/power-steps.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import { findImage, kvmDomainNameFor } from "@/lib/images/catalogue.ts";
import { observation } from "../observe-domain.ts";
import { StepRefusal, type CommandRun, type RunContext } from "./command-run.ts";

// A reinstall on the node: an LXC server is recreated on KVM. The KVM domain is defined, started and
// checked while the container still runs; only then is the container removed. Until it is gone, any
// failure rolls back (the KVM domain goes, the container runs as before), so a failed reinstall
// leaves the customer's server as it was. The KVM domain's uuid is the action's id: that is how a
// later attempt (or the rollback) tells the domain it defined from one it must not touch.

export function reinstallRun(run: RunContext<"reinstall">): CommandRun<"reinstall"> {
  const { action, host, signal } = run;
  const { hypervisor, lxcHypervisor, template } = host;
  const power: PowerOptions = { shutdownTimeoutMs: host.shutdownTimeoutMs, pollMs: host.pollMs, signal };
  const container = action.server.domainName;
  const kvmName = () => kvmDomainNameFor(container);
  const ours = async () => (await definedUuid(hypervisor, kvmName())) === action.id;

  const ensureDefined = async (): Promise<StepOutcome> => {
    const image = findImage(action.params.image);
    if (!image) throw new StepRefusal("unknown_image", `The image "${action.params.image}" is not available for reinstalls.`);
    if (!(await ours()) && (await definedUuid(lxcHypervisor, container)) === null) {
      throw new StepRefusal("not_found", "The server's container was not found on the host, so nothing was reinstalled.");
    }
    const { memoryMiB, vcpus } = action.server;
    signal.throwIfAborted();
    return defineKvmDomain(hypervisor, image.domainXml({ name: kvmName(), memoryMiB, vcpus, uuid: action.id }, template));
  };

  /** Back to the container as it ran: remove the KVM domain this action defined, run the container. */
  const rollBack = async (): Promise<"restored" | "forward_only" | "nothing_to_restore"> => {
    const containerThere = (await definedUuid(lxcHypervisor, container)) !== null;
    const kvmThere = await ours();
    if (!containerThere) return kvmThere ? "forward_only" : "nothing_to_restore";
    if (kvmThere) await removeDomain(hypervisor, kvmName(), power);
    await startStep(lxcHypervisor, container, power);
    return "restored";
  };

  return {
    steps: {
      define_kvm_domain: ensureDefined,
      // An attempt that rolled back but could not report it left "define" done and no domain.
      start_kvm_domain: async () => {
        await ensureDefined();
        return startStep(hypervisor, kvmName(), power);
      },
      verify_kvm_domain: () => verifyKvmDomain(hypervisor, kvmName()),
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
