import { stringParam } from "@/lib/actions/action-params.ts";
import type { ClaimedAction } from "@/lib/actions/claim-actions.ts";
import { forceStopStep, startStep, type StepOutcome } from "@/lib/hypervisor/cold-restart.ts";
import { domainSummary, readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { HypervisorError, isHypervisorError } from "@/lib/hypervisor/errors.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import { findImage, kvmDomainNameFor, type KvmTemplateOptions } from "@/lib/images/catalogue.ts";
import { observation } from "./observe-domain.ts";
import { isLeaseLost, type ProviderClient } from "./provider-client.ts";
import type { RunOptions } from "./run-action.ts";

// Runs one claimed reinstall: an LXC server is recreated on KVM. The KVM domain is defined, started
// and checked while the container still runs; only then is the container removed. Until it is gone,
// any failure rolls back (the KVM domain goes, the container runs as before), so a failed reinstall
// leaves the customer's server as it was. As in run-action.ts, finished steps are not run again and
// each step looks before it acts. The KVM domain's uuid is the action's id: that is how a later
// attempt (or the rollback) tells the domain it defined from one it must not touch.

export type ReinstallOptions = RunOptions & {
  /** Where the container lives when it is not the host's own connection (lxc:/// beside qemu:///system). */
  lxcHypervisor?: Hypervisor;
  /** How this node defines KVM domains: domain type, network, disk. */
  template?: KvmTemplateOptions;
};

class LeaseLost extends Error {}

/** A failure whose message is already meant for the customer. */
class Refusal extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const PLAIN_FAILURE: Record<string, string> = {
  define_kvm_domain: "The new KVM server could not be created on the host.",
  start_kvm_domain: "The new KVM server could not be started.",
  verify_kvm_domain: "The new KVM server did not start with memory ballooning as expected.",
  remove_lxc_domain: "The old LXC container could not be removed.",
};

export async function runReinstall(action: ClaimedAction, hypervisor: Hypervisor, client: ProviderClient, options: ReinstallOptions = {}): Promise<void> {
  const { heartbeatMs = Math.max(250, action.lease.ttlMs / 3), log = () => undefined, lxcHypervisor = hypervisor, template = {} } = options;
  const lease = action.lease.id;
  const container = action.server.domainName;
  const finished = new Set(action.steps.filter((step) => step.status === "done" || step.status === "skipped").map((step) => step.name));
  let leaseLost = false;
  const heartbeat = setInterval(() => {
    client.progress(action.id, { lease }).catch((error: unknown) => {
      if (isLeaseLost(error)) leaseLost = true;
    });
  }, heartbeatMs);

  // Only a 409 says another agent has the action; when the dashboard does not answer, the lease
  // still holds until it runs out, and the rollback is quick.
  const stillHeld = () => client.progress(action.id, { lease }).then(() => true, (error: unknown) => !isLeaseLost(error));

  let kvmName = "";
  const ours = async () => kvmName !== "" && (await definedUuid(hypervisor, kvmName)) === action.id;

  const ensureDefined = async (): Promise<StepOutcome> => {
    const image = findImage(imageParam(action.params));
    if (!image) throw new Refusal("unknown_image", `The image "${imageParam(action.params)}" is not available for reinstalls.`);
    if (!(await ours()) && (await definedUuid(lxcHypervisor, container)) === null) {
      throw new Refusal("not_found", "The server's container was not found on the host, so nothing was reinstalled.");
    }
    const { memoryMiB, vcpus } = action.server;
    return defineKvmDomain(hypervisor, image.domainXml({ name: kvmName, memoryMiB, vcpus, uuid: action.id }, template));
  };

  const run: Record<string, () => Promise<StepOutcome>> = {
    define_kvm_domain: ensureDefined,
    // An attempt that rolled back but could not report it left "define" done and no domain.
    start_kvm_domain: async () => {
      await ensureDefined();
      return startStep(hypervisor, kvmName);
    },
    verify_kvm_domain: () => verifyKvmDomain(hypervisor, kvmName),
    remove_lxc_domain: () => removeDomain(lxcHypervisor, container, options),
    switch_server_record: async () => "done", // the dashboard switches the record when the action succeeds
  };

  let current = "";
  try {
    kvmName = kvmDomainNameFor(container);
    for (const [index, step] of action.steps.entries()) {
      if (leaseLost) throw new LeaseLost();
      if (finished.has(step.name)) continue;
      current = step.name;
      const work = run[step.name];
      if (!work) throw new Error(`This agent cannot run the step "${step.name}"`);
      await client.progress(action.id, { lease, step: step.name, status: "running", progress: percent(index, action.steps.length) });
      const outcome = await work();
      finished.add(step.name);
      await client.progress(action.id, { lease, step: step.name, status: outcome, progress: percent(index + 1, action.steps.length) });
      log(`reinstall ${action.id} ${container}: ${step.name} ${outcome}`);
    }
    const observed = await observation(hypervisor, kvmName).catch(() => undefined);
    await client.complete(action.id, { lease, status: "success", observed });
  } catch (error) {
    // Undoing anything while another agent holds the action could undo its work: make sure first.
    if (error instanceof LeaseLost || isLeaseLost(error) || leaseLost || !(await stillHeld())) {
      log(`reinstall ${action.id}: lease lost; another agent continues it`);
      return;
    }
    log(`reinstall ${action.id} ${container}: ${current || "start"} failed: ${messageOf(error)}`);
    // Once the container is gone the KVM domain is the server: only going forward is left, which
    // the next attempt does when this one's lease runs out.
    if (finished.has("remove_lxc_domain")) throw error;
    let outcome: Awaited<ReturnType<typeof rollBack>> | "rollback_failed";
    try {
      outcome = await rollBack();
    } catch (rollbackError) {
      log(`reinstall ${action.id} ${container}: rollback failed: ${messageOf(rollbackError)}`);
      outcome = "rollback_failed";
    }
    if (outcome === "forward_only") throw error;
    const failure = error instanceof Refusal ? error.message : (PLAIN_FAILURE[current] ?? "The reinstall failed on the host.");
    const code = outcome === "rollback_failed" ? outcome : error instanceof Refusal ? error.code : isHypervisorError(error) ? error.kind : "agent_error";
    const message =
      outcome === "restored"
        ? `${failure} Your server was left as it was, still running on LXC.`
        : outcome === "rollback_failed"
          ? `${failure} Undoing the change did not work either; our team has to look at the server.`
          : failure;
    const observed = await observation(lxcHypervisor, container).catch(() => undefined);
    await client.complete(action.id, { lease, status: "error", error: { code, message }, observed });
  } finally {
    clearInterval(heartbeat);
  }

  /** Back to the container as it ran: remove the KVM domain this action defined, run the container. */
  async function rollBack(): Promise<"restored" | "forward_only" | "nothing_to_restore"> {
    const containerThere = (await definedUuid(lxcHypervisor, container)) !== null;
    const kvmThere = await ours();
    if (!containerThere) return kvmThere ? "forward_only" : "nothing_to_restore";
    if (kvmThere) await removeDomain(hypervisor, kvmName, options);
    await startStep(lxcHypervisor, container);
    return "restored";
  }
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
    throw new Refusal("name_taken", `Another domain on the host is already called ${name}; the reinstall did not touch it.`);
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
async function removeDomain(hypervisor: Hypervisor, name: string, options: RunOptions): Promise<StepOutcome> {
  if ((await definedUuid(hypervisor, name)) === null) return "skipped";
  await forceStopStep(hypervisor, name, options);
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

function imageParam(params: ClaimedAction["params"]): string {
  return stringParam(params, "image") ?? "";
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const percent = (done: number, total: number) => Math.round((done / Math.max(1, total)) * 100);
