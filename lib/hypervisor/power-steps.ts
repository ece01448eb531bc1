import { pendingChanges } from "./domain-xml.ts";
import { HypervisorError, isHypervisorError } from "./errors.ts";
import type { Hypervisor } from "./types.ts";
import { waitForState } from "./wait-for-state.ts";

// The power operations the host agent's steps are made of. Each looks at the domain before acting,
// so a step interrupted anywhere can simply run again, and each stops waiting the moment `signal`
// aborts. The order they run in (a cold restart, a reinstall) is the agent's commands' business.

export type StepOutcome = "done" | "skipped";

export type PowerOptions = {
  /** How long the guest gets to shut down cleanly before the plug is pulled. */
  shutdownTimeoutMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
};

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 60_000;

/**
 * Asks the guest to shut down (ACPI) and waits for it; "skipped" if it was already off. A guest that
 * ignores the request, or a request libvirt refuses, leaves the domain running for the forced stop.
 */
export async function shutdownStep(hypervisor: Hypervisor, name: string, options: PowerOptions = {}): Promise<StepOutcome> {
  if ((await hypervisor.domainState(name)) === "shutoff") return "skipped";
  options.signal?.throwIfAborted();
  try {
    await tolerateRace(() => hypervisor.shutdown(name));
  } catch (error) {
    if (isHypervisorError(error, "operation_failed")) return "done"; // the forced stop takes over
    throw error;
  }
  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  await waitForState(hypervisor, name, "shutoff", { timeoutMs, pollMs: options.pollMs, signal: options.signal });
  return "done";
}

/** Pulls the plug when the guest did not stop in time; "skipped" when it did. */
export async function forceStopStep(hypervisor: Hypervisor, name: string, options: PowerOptions = {}): Promise<StepOutcome> {
  if ((await hypervisor.domainState(name)) === "shutoff") return "skipped";
  options.signal?.throwIfAborted();
  await tolerateRace(() => hypervisor.destroy(name));
  if (!(await waitForState(hypervisor, name, "shutoff", { timeoutMs: 30_000, pollMs: options.pollMs, signal: options.signal }))) {
    throw new HypervisorError("operation_failed", `Domain ${name} is still not shut off after being destroyed`);
  }
  return "done";
}

/** Starts the domain from its persistent definition; "skipped" when it already runs. */
export async function startStep(hypervisor: Hypervisor, name: string, options: PowerOptions = {}): Promise<StepOutcome> {
  if ((await hypervisor.domainState(name)) === "running") return "skipped";
  options.signal?.throwIfAborted();
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

/**
 * Defines `xml` and reads the persistent definition back: libvirt rewrites what it is given, and a
 * definition it silently changed (or a define that did not land) must not pass as applied.
 */
export async function defineAndCheck(hypervisor: Hypervisor, name: string, xml: string): Promise<void> {
  await hypervisor.defineXml(xml);
  const differences = pendingChanges(await hypervisor.domainXml(name, "persistent"), xml);
  if (differences.length > 0) {
    const summary = differences.map((change) => `${change.setting}: kept ${change.live}, asked ${change.next}`).join("; ");
    throw new HypervisorError("operation_failed", `libvirt kept another definition of ${name} than the one given (${summary})`);
  }
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
