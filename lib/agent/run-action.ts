import { stringParam } from "@/lib/actions/action-params.ts";
import type { ClaimedAction } from "@/lib/actions/claim-actions.ts";
import { forceStopStep, shutdownStep, startStep, verifyStep, type RestartOptions, type StepOutcome } from "@/lib/hypervisor/cold-restart.ts";
import { disableBalloon, enableBalloon, pendingChanges } from "@/lib/hypervisor/domain-xml.ts";
import { isHypervisorError } from "@/lib/hypervisor/errors.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import { observation } from "./observe-domain.ts";
import { isLeaseLost, type ProviderClient } from "./provider-client.ts";

// Runs one claimed apply_settings or restart action: every step reports as it starts and ends, and
// steps already finished by an earlier attempt (a crashed agent) are not run again. Each step also
// looks before it acts, so a step interrupted half-way is safe to repeat.

export type RunOptions = RestartOptions & { heartbeatMs?: number; log?: (line: string) => void };

class LeaseLost extends Error {}

const RESTART_PHASE = new Set(["shutdown", "force_stop", "start"]);

const PLAIN_FAILURE: Record<string, string> = {
  update_domain_xml: "The server's new configuration could not be saved on the host.",
  shutdown: "The server could not be shut down.",
  force_stop: "The server could not be stopped.",
  start: "The server could not be started again.",
  verify: "The server restarted, but the new configuration did not take effect.",
};

export async function runAction(action: ClaimedAction, hypervisor: Hypervisor, client: ProviderClient, options: RunOptions = {}): Promise<void> {
  const { heartbeatMs = Math.max(250, action.lease.ttlMs / 3), log = () => undefined } = options;
  const name = action.server.domainName;
  const lease = action.lease.id;
  let leaseLost = false;
  const heartbeat = setInterval(() => {
    client.progress(action.id, { lease }).catch((error: unknown) => {
      if (isLeaseLost(error)) leaseLost = true;
    });
  }, heartbeatMs);

  const force = action.command === "restart" && stringParam(action.params, "mode") === "force";
  const run: Record<string, () => Promise<StepOutcome>> = {
    update_domain_xml: async () => {
      const persistent = await hypervisor.domainXml(name, "persistent");
      const wanted = action.desired.ballooning ? enableBalloon(persistent) : disableBalloon(persistent);
      if (wanted !== persistent) await hypervisor.defineXml(wanted);
      return wanted !== persistent ? "done" : "skipped";
    },
    shutdown: async () => (force ? "skipped" : shutdownStep(hypervisor, name, options)),
    force_stop: () => forceStopStep(hypervisor, name, options),
    start: () => startStep(hypervisor, name),
    verify: () => verifyStep(hypervisor, name),
  };

  // Decided once, when the first restart step is reached: a restart always restarts; an apply only
  // when the definition now differs from what runs (or an earlier attempt already began restarting).
  let restartNeeded: boolean | undefined;
  const decideRestart = async () =>
    action.command === "restart" ||
    action.steps.some((step) => RESTART_PHASE.has(step.name) && step.status === "done") ||
    (await definitionPending(hypervisor, name));

  const runStep = async (step: string, index: number): Promise<StepOutcome> => {
    if (RESTART_PHASE.has(step)) {
      restartNeeded ??= await decideRestart();
      if (!restartNeeded) return "skipped";
    }
    const work = run[step];
    if (!work) throw new Error(`This agent cannot run the step "${step}"`);
    await client.progress(action.id, { lease, step, status: "running", progress: percent(index, action.steps.length) });
    return work();
  };

  let current = "";
  try {
    for (const [index, step] of action.steps.entries()) {
      if (leaseLost) throw new LeaseLost();
      if (step.status === "done" || step.status === "skipped") continue;
      current = step.name;
      const outcome = await runStep(step.name, index);
      await client.progress(action.id, { lease, step: step.name, status: outcome, progress: percent(index + 1, action.steps.length) });
      log(`${action.command} ${action.id} ${name}: ${step.name} ${outcome}`);
    }
    await client.complete(action.id, { lease, status: "success", observed: await observation(hypervisor, name) });
  } catch (error) {
    if (error instanceof LeaseLost || isLeaseLost(error)) {
      log(`${action.command} ${action.id}: lease lost; another agent continues it`);
      return;
    }
    log(`${action.command} ${action.id} ${name}: ${current} failed: ${error instanceof Error ? error.message : String(error)}`);
    const observed = await observation(hypervisor, name).catch(() => undefined);
    await client.complete(action.id, {
      lease,
      status: "error",
      error: { code: isHypervisorError(error) ? error.kind : "agent_error", message: PLAIN_FAILURE[current] ?? "The action failed on the host." },
      observed,
    });
  } finally {
    clearInterval(heartbeat);
  }
}

/** Whether the persistent definition differs from the running one, so only a restart applies it. */
async function definitionPending(hypervisor: Hypervisor, name: string): Promise<boolean> {
  if ((await hypervisor.domainState(name)) === "shutoff") return true;
  return pendingChanges(await hypervisor.domainXml(name, "live"), await hypervisor.domainXml(name, "persistent")).length > 0;
}

const percent = (done: number, total: number) => Math.round((done / Math.max(1, total)) * 100);
