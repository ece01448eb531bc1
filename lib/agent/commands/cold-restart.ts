import type { ClaimedAction, StepData } from "@/lib/contracts/provider.ts";
import { pendingChanges, readBalloon, withBallooning } from "@/lib/hypervisor/domain-xml.ts";
import { defineAndCheck, forceStopStep, shutdownStep, startStep, verifyStep } from "@/lib/hypervisor/power-steps.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import { observation } from "../observe-domain.ts";
import type { CommandRun, RunContext } from "./command-run.ts";

// apply_settings and restart on the node: bring the persistent definition to the desired settings,
// then cold-restart the domain (ACPI shutdown, a forced stop if the guest does not stop in time,
// start, check that what runs is what is defined). A restart always restarts; an apply only when the
// definition differs from what runs.
//
// Before it changes anything, the first step records the definition and whether the domain ran, so
// that an undo, in this attempt or a later one, can put the server back exactly as it was. A failed
// action never leaves a server that ran before stopped: the previous definition is restored and the
// domain started with it.

const RESTART_PHASE = ["shutdown", "force_stop", "start", "verify"] as const;

/** What the first step records before acting. */
type Before = { wasRunning: boolean; previousXml: string };

function readBefore(data: StepData | null): Before | null {
  if (!data || typeof data.wasRunning !== "boolean" || typeof data.previousXml !== "string") return null;
  return { wasRunning: data.wasRunning, previousXml: data.previousXml };
}

/** Whether the memory set-up (balloon, stats period, memory) of two definitions differs. */
const differs = (a: string, b: string) => pendingChanges(a, b).length > 0;

/** Both commands run the same steps, so one run serves either. */
export function coldRestartRun(run: RunContext<"apply_settings"> | RunContext<"restart">): CommandRun<"apply_settings"> & CommandRun<"restart"> {
  const claimed: ClaimedAction = run.action;
  const { host, signal } = run;
  const name = claimed.server.domainName;
  // A legacy container is restarted too (it has no balloon to set), on the node's container connection.
  const hypervisor: Hypervisor = claimed.server.virtualization === "lxc" ? host.lxcHypervisor : host.hypervisor;
  const power = { shutdownTimeoutMs: host.shutdownTimeoutMs, pollMs: host.pollMs, signal };
  const force = claimed.command === "restart" && claimed.params.mode === "force";

  // Decided once, when the first restart step is reached: a restart always restarts; an apply only
  // when the definition now differs from what runs (or an earlier attempt already began restarting).
  let restartNeeded: boolean | undefined;
  const needsRestart = async () =>
    (restartNeeded ??=
      claimed.command === "restart" ||
      claimed.steps.some((step) => (RESTART_PHASE as readonly string[]).includes(step.name) && step.status === "done") ||
      (await definitionPending(hypervisor, name)));
  const whenRestarting = (work: () => Promise<"done" | "skipped">) => async () => ((await needsRestart()) ? work() : "skipped");

  const updateDefinition = async (): Promise<"done" | "skipped"> => {
    const persistent = await hypervisor.domainXml(name, "persistent");
    let before = readBefore(run.recorded("update_domain_xml"));
    if (!before) {
      before = { wasRunning: (await hypervisor.domainState(name)) !== "shutoff", previousXml: persistent };
      await run.record("update_domain_xml", before);
    }
    if (!readBalloon(persistent).supported) return "skipped";
    const wanted = withBallooning(persistent, claimed.desired.ballooning);
    // Changed by an earlier attempt of this action: done, though there is nothing left to do now.
    if (wanted === persistent) return differs(persistent, before.previousXml) ? "done" : "skipped";
    signal.throwIfAborted();
    await defineAndCheck(hypervisor, name, wanted);
    return "done";
  };

  /** Back to the recorded definition, running if it ran before; answers whether the definition had to be restored. */
  const putBack = async (): Promise<{ restored: boolean; running: boolean; wasRunning: boolean }> => {
    const before = readBefore(run.recorded("update_domain_xml"));
    if (!before) {
      // The first step records before it acts: without a record, this action has not touched the server.
      const running = (await hypervisor.domainState(name)) !== "shutoff";
      return { restored: false, wasRunning: running, running };
    }
    // A domain that runs the new definition drops it only through a cold start: a clean shutdown
    // first (the guest has just booted and may be writing), then the plug if it does not stop.
    if ((await hypervisor.domainState(name)) !== "shutoff" && differs(await hypervisor.domainXml(name, "live"), before.previousXml)) {
      await shutdownStep(hypervisor, name, power);
      await forceStopStep(hypervisor, name, power);
    }
    let restored = false;
    if (differs(await hypervisor.domainXml(name, "persistent"), before.previousXml)) {
      await defineAndCheck(hypervisor, name, before.previousXml);
      restored = true;
    }
    if (before.wasRunning) await startStep(hypervisor, name, power);
    return { restored, wasRunning: before.wasRunning, running: (await hypervisor.domainState(name)) === "running" };
  };

  return {
    steps: {
      update_domain_xml: updateDefinition,
      shutdown: whenRestarting(() => (force ? Promise.resolve("skipped") : shutdownStep(hypervisor, name, power))),
      force_stop: whenRestarting(() => forceStopStep(hypervisor, name, power)),
      start: whenRestarting(() => startStep(hypervisor, name, power)),
      verify: whenRestarting(() => verifyStep(hypervisor, name)),
    },

    onFailure: async ({ plain }) => {
      let after: Awaited<ReturnType<typeof putBack>>;
      try {
        after = await putBack();
      } catch (error) {
        signal.throwIfAborted();
        run.log(`${claimed.command} ${claimed.id} ${name}: undoing failed: ${error instanceof Error ? error.message : String(error)}`, { level: "error", err: error });
        return rollbackFailed(plain);
      }
      if (after.wasRunning && !after.running) return rollbackFailed(plain);
      const state = after.wasRunning ? "is running" : "is stopped, as it was before,";
      return after.restored
        ? { code: "rolled_back", message: `${plain} The change was undone: your server ${state} with its previous settings.` }
        : { code: "not_applied", message: `${plain} Nothing was changed: your server ${state} with its previous settings.` };
    },

    observe: () => observation(hypervisor, name),
  };
}

const rollbackFailed = (plain: string) => ({
  code: "rollback_failed",
  message: `${plain} Undoing it did not work either, so your server may be stopped. Please contact support with the reference below.`,
});

/** Whether the domain is off or its persistent definition differs from the running one, so only a restart applies it. */
async function definitionPending(hypervisor: Hypervisor, name: string): Promise<boolean> {
  if ((await hypervisor.domainState(name)) === "shutoff") return true;
  return differs(await hypervisor.domainXml(name, "live"), await hypervisor.domainXml(name, "persistent"));
}
