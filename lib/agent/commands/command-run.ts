import type { CommandName, StepName } from "@/lib/actions/commands/index.ts";
import type { ClaimedActionOf, Observation, StepData } from "@/lib/contracts/provider.ts";
import type { StepOutcome } from "@/lib/hypervisor/power-steps.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import type { KvmTemplateOptions } from "@/lib/images/catalogue.ts";
import type { Log } from "@/lib/observability/log-format.ts";

// What a command's host work looks like to the step runner (step-runner.ts). A command gives one
// function per step of its definition (so a renamed step fails the type check here too), an undo for
// when a step fails for good, and how it reads the server afterwards. The runner owns the rest: the
// lease, reports, retries, and the order of steps.

/** The node as the agent reaches it, and how it treats guests there. */
export type HostAccess = {
  hypervisor: Hypervisor;
  /** Where containers live when it is not the host's own connection (lxc:/// beside qemu:///system). */
  lxcHypervisor: Hypervisor;
  /** How this node defines KVM domains: domain type, network, disk. */
  template: KvmTemplateOptions;
  /** How long a guest gets to shut down cleanly before the plug is pulled. */
  shutdownTimeoutMs: number;
  pollMs?: number;
  /** The storage pool holding the images' base volumes and the servers' disks (`default` unless given). */
  imagePool?: string;
  /** How long a first boot keeps its cloud-init seed at most before it is ejected (2 minutes unless given). */
  firstBootGraceMs?: number;
};

export type RunContext<C extends CommandName> = {
  action: ClaimedActionOf<C>;
  host: HostAccess;
  /** Aborts when this agent no longer holds the action: stop waiting, do nothing more. */
  signal: AbortSignal;
  /** What `step` recorded before acting, in this attempt or an earlier one; null when nothing. */
  recorded(step: StepName<C>): StepData | null;
  /** Records what `step` needs kept before it acts; resolves once the dashboard has it. The first record of a step stays. */
  record(step: StepName<C>, data: StepData): Promise<void>;
  /** Whether `step` has finished (done or skipped), in this attempt or an earlier one. */
  finished(step: StepName<C>): boolean;
  log: Log;
};

/** How an action that failed for good ends, in words for the customer (with a stable code), or "retry_later". */
export type FailureOutcome = { code: string; message: string } | "retry_later";

export type StepFailure<C extends CommandName> = {
  step: StepName<C>;
  error: unknown;
  /** The definition's plain sentence for this step. */
  plain: string;
};

export type CommandRun<C extends CommandName> = {
  steps: Record<StepName<C>, () => Promise<StepOutcome>>;
  /** Undoes what it can after a step failed for good, and says how the action ends. */
  onFailure(failure: StepFailure<C>): Promise<FailureOutcome>;
  /** The server as the action leaves it, reported with the completion. */
  observe(outcome: "success" | "error"): Promise<Observation | undefined>;
};

export type CommandRunner<C extends CommandName> = (context: RunContext<C>) => CommandRun<C>;

/** A failure whose message is already meant for the customer, with a stable code. */
export class StepRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "StepRefusal";
  }
}
