import { setTimeout as sleep } from "node:timers/promises";
import type { ClaimedAction, ClaimedActionOf, ClaimedStep, StepData } from "@/lib/contracts/provider.ts";
import { stepFailure, type CommandName, type StepName } from "@/lib/actions/commands/index.ts";
import { isHypervisorError, isTransientHypervisorError } from "@/lib/hypervisor/errors.ts";
import type { StepOutcome } from "@/lib/hypervisor/power-steps.ts";
import type { Log } from "@/lib/observability/log-format.ts";
import { ActionLease, LeaseLost, type LeaseOptions } from "./action-lease.ts";
import type { CommandRun, CommandRunner, HostAccess, RunContext } from "./commands/command-run.ts";
import { COMMAND_RUNNERS } from "./commands/index.ts";
import type { ProviderApi } from "./provider-client.ts";

// The one step runner every command runs through. It holds the action's lease (heartbeats, and an
// abort the moment the lease is lost), resumes at the first unfinished step, reports each step as it
// starts and ends (a step runs only once every earlier step's outcome is recorded, so a later attempt
// never repeats finished work), retries what libvirt may answer differently next time, and on a
// failure for good lets the command undo what it did before the action ends in words the customer
// can read. Provider API failures never become host failures: the lease retries them.

export type RunOptions = LeaseOptions & {
  host: HostAccess;
  /** Waits before each retry of a step that failed in a way libvirt may not repeat (unreachable, busy). */
  hostRetryDelaysMs?: readonly number[];
  log?: Log;
};

/**
 * How the run ended for this agent: the action finished ("success", "error"); or this agent stopped
 * holding it ("lease_lost": another agent continues it; "left_for_next_attempt": only a later attempt
 * can go on; "refused": the dashboard refused a report, which another attempt may get past).
 */
export type RunOutcome = "success" | "error" | "lease_lost" | "left_for_next_attempt" | "refused";

const DEFAULT_HOST_RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000];

export function runAction(action: ClaimedAction, client: ProviderApi, options: RunOptions): Promise<RunOutcome> {
  // One call per command, so each runs with its own step names' types.
  switch (action.command) {
    case "apply_settings":
      return runSteps(action.command, action, action.steps, COMMAND_RUNNERS.apply_settings, client, options);
    case "restart":
      return runSteps(action.command, action, action.steps, COMMAND_RUNNERS.restart, client, options);
    case "reinstall":
      return runSteps(action.command, action, action.steps, COMMAND_RUNNERS.reinstall, client, options);
  }
}

async function runSteps<C extends CommandName>(
  commandName: C,
  action: ClaimedActionOf<C>,
  steps: readonly ClaimedStep<C>[],
  runner: CommandRunner<C>,
  client: ProviderApi,
  options: RunOptions,
): Promise<RunOutcome> {
  const { host, hostRetryDelaysMs = DEFAULT_HOST_RETRY_DELAYS_MS } = options;
  const about = `${action.command} ${action.id} ${action.server.domainName}`;
  // Every line of the run names the action, its server and command, and says what became of it (`outcome`).
  const log: Log = (message, fields) =>
    options.log?.(message, { actionId: action.id, serverId: action.server.id, command: action.command, domain: action.server.domainName, ...fields });
  const lease = new ActionLease(action, client, options);
  const records = new Map<StepName<C>, StepData>();
  const finished = new Set<StepName<C>>();
  for (const step of steps) {
    if (step.data) records.set(step.name, step.data);
    if (step.status === "done" || step.status === "skipped") finished.add(step.name);
  }
  const context: RunContext<C> = {
    action,
    host,
    signal: lease.signal,
    recorded: (step) => records.get(step) ?? null,
    record: async (step, data) => {
      await lease.report({ step, status: "running", data });
      records.set(step, structuredClone(data));
    },
    finished: (step) => finished.has(step),
    log,
  };
  const command: CommandRun<C> = runner(context);
  const total = steps.length;
  const percent = (done: number) => Math.round((done / Math.max(1, total)) * 100);

  lease.start();
  try {
    for (const [index, step] of steps.entries()) {
      if (finished.has(step.name)) continue;
      await lease.report({ step: step.name, status: "running", progress: percent(index) });
      let outcome: StepOutcome;
      try {
        outcome = await withHostRetries(command.steps[step.name], lease.signal, hostRetryDelaysMs, (line) => log(`${about}: ${step.name}: ${line}`, { level: "warn", step: step.name }));
      } catch (error) {
        if (!lease.held) throw error;
        return await fail(step.name, error);
      }
      await lease.report({ step: step.name, status: outcome, progress: percent(index + 1) });
      finished.add(step.name);
      log(`${about}: ${step.name} ${outcome}`, { outcome: `step_${outcome}`, step: step.name });
    }
    await lease.complete({ status: "success", observed: await command.observe("success").catch(() => undefined) });
    log(`${about}: success`, { outcome: "success" });
    return "success";
  } catch (error) {
    if (!lease.held || error instanceof LeaseLost) {
      log(`${about}: stopped, no longer holding the action (${messageOf(lease.signal.reason ?? error)}); it resumes with whoever holds it next`, { level: "warn", outcome: "lease_lost" });
      return "lease_lost";
    }
    log(`${about}: the dashboard refused a report: ${messageOf(error)}`, { level: "warn", outcome: "refused" });
    return "refused";
  } finally {
    await lease.stop();
  }

  /** A step failed for good: show it, let the command undo what it can, then end the action honestly. */
  async function fail(step: StepName<C>, error: unknown): Promise<RunOutcome> {
    log(`${about}: ${step} failed: ${messageOf(error)}`, { level: "warn", outcome: "step_failed", step });
    // Also proves the lease still holds: undoing while another agent holds the action could undo its work.
    await lease.report({ step, status: "error" });
    const outcome = await command.onFailure({ step, error, plain: stepFailure(commandName, step) });
    if (outcome === "retry_later") {
      log(`${about}: left for the next attempt, which goes on from ${step}`, { level: "warn", outcome: "left_for_next_attempt", step });
      return "left_for_next_attempt";
    }
    const observed = await command.observe("error").catch(() => undefined);
    await lease.complete({ status: "error", error: { ...outcome, detail: operatorDetail(step, error) }, observed });
    log(`${about}: ended in error (${outcome.code})`, { level: "warn", outcome: "error", errorCode: outcome.code });
    return "error";
  }
}

/** Runs a step, and again after a pause when libvirt failed in a way it may not repeat; a bounded number of times. */
async function withHostRetries(
  step: () => Promise<StepOutcome>,
  signal: AbortSignal,
  delaysMs: readonly number[],
  log: (line: string) => void,
): Promise<StepOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (signal.aborted || delay === undefined || !isTransientHypervisorError(error)) throw error;
      log(`${messageOf(error)}; trying again in ${delay} ms`);
      await sleep(delay, undefined, { signal });
    }
  }
}

/** The host's own words for operators: libvirt's message, with its raw output where there is one. */
function operatorDetail(step: string, error: unknown): string {
  const raw = isHypervisorError(error) && error.detail && error.detail !== error.message ? ` (${error.detail})` : "";
  return `${step}: ${messageOf(error)}${raw}`.slice(0, 8000);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
