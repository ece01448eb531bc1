import { pendingChanges, type PendingChange } from "./domain-xml.ts";
import { HypervisorError, isHypervisorError } from "./errors.ts";
import type { Hypervisor } from "./types.ts";
import { waitForState } from "./wait-for-state.ts";

// A cold restart: the only way a persistent XML change (such as the balloon) reaches a running
// domain. `virsh reboot` keeps the same QEMU process and would not apply it. Each step looks at the
// domain before acting, so a routine interrupted anywhere can simply run again.

export const RESTART_STEPS = ["shutdown", "force_stop", "start", "verify"] as const;
export type RestartStep = (typeof RESTART_STEPS)[number];
export type StepOutcome = "done" | "skipped";

export type RestartOptions = {
  /** How long the guest gets to shut down cleanly before the plug is pulled. */
  shutdownTimeoutMs?: number;
  pollMs?: number;
};

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 60_000;

/** Asks the guest to shut down (ACPI) and waits for it; "skipped" if it was already off. */
export async function shutdownStep(hypervisor: Hypervisor, name: string, options: RestartOptions = {}): Promise<StepOutcome> {
  if ((await hypervisor.domainState(name)) === "shutoff") return "skipped";
  await tolerateRace(() => hypervisor.shutdown(name));
  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  await waitForState(hypervisor, name, "shutoff", { timeoutMs, pollMs: options.pollMs });
  return "done";
}

/** Pulls the plug when the guest did not stop in time; "skipped" when it did. */
export async function forceStopStep(hypervisor: Hypervisor, name: string, options: RestartOptions = {}): Promise<StepOutcome> {
  if ((await hypervisor.domainState(name)) === "shutoff") return "skipped";
  await tolerateRace(() => hypervisor.destroy(name));
  if (!(await waitForState(hypervisor, name, "shutoff", { timeoutMs: 30_000, pollMs: options.pollMs }))) {
    throw new HypervisorError("operation_failed", `Domain ${name} is still not shut off after being destroyed`);
  }
  return "done";
}

/** Starts the domain from its persistent definition; "skipped" when it already runs. */
export async function startStep(hypervisor: Hypervisor, name: string): Promise<StepOutcome> {
  if ((await hypervisor.domainState(name)) === "running") return "skipped";
  await tolerateRace(() => hypervisor.start(name));
  return "done";
}

/** Checks that the domain runs and that its live definition now matches the persistent one. */
export async function verifyStep(hypervisor: Hypervisor, name: string): Promise<StepOutcome> {
  const state = await hypervisor.domainState(name);
  if (state !== "running") throw new HypervisorError("operation_failed", `Domain ${name} is ${state} after the restart`);
  const left = pendingChanges(await hypervisor.domainXml(name, "live"), await hypervisor.domainXml(name, "persistent"));
  if (left.length > 0) {
    const summary = left.map((change) => `${change.setting}: running ${change.live}, defined ${change.next}`).join("; ");
    throw new HypervisorError("operation_failed", `The restart did not apply the definition (${summary})`);
  }
  return "done";
}

export type RestartReport = { steps: Record<RestartStep, StepOutcome>; applied: PendingChange[] };

/** All four steps in order; `onStep` hears each one start and end (for progress reports). */
export async function coldRestart(
  hypervisor: Hypervisor,
  name: string,
  options: RestartOptions & { onStep?: (step: RestartStep, status: "running" | StepOutcome) => void | Promise<void> } = {},
): Promise<RestartReport> {
  const applied = pendingChanges(await hypervisor.domainXml(name, "live"), await hypervisor.domainXml(name, "persistent"));
  const run: Record<RestartStep, () => Promise<StepOutcome>> = {
    shutdown: () => shutdownStep(hypervisor, name, options),
    force_stop: () => forceStopStep(hypervisor, name, options),
    start: () => startStep(hypervisor, name),
    verify: () => verifyStep(hypervisor, name),
  };
  const steps: Record<RestartStep, StepOutcome> = { shutdown: "skipped", force_stop: "skipped", start: "skipped", verify: "skipped" };
  for (const step of RESTART_STEPS) {
    await options.onStep?.(step, "running");
    steps[step] = await run[step]();
    await options.onStep?.(step, steps[step]);
  }
  return { steps, applied };
}

/**
 * The domain may change state between our look and our command (the guest finishes shutting down
 * just as we destroy it). libvirt then refuses with "not running" or "already active": the state we
 * wanted is reached, so that refusal is not a failure.
 */
async function tolerateRace(command: () => Promise<void>): Promise<void> {
  try {
    await command();
  } catch (error) {
    if (isHypervisorError(error, "operation_failed") && /not running|already active|already running/i.test(error.message)) return;
    throw error;
  }
}
