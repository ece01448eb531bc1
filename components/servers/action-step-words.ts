import type { StepName } from "@/lib/actions/commands";
import type { ActionView } from "@/lib/contracts/actions";

// The words for an action's steps: each step's name, and why the host skipped one.

type Step = ActionView["steps"][number];

// Every step of every command (lib/actions/commands): a renamed or added step fails the type check here.
const STEP_NAMES: Record<StepName, string> = {
  update_domain_xml: "Update the server's configuration",
  shutdown: "Shut down (clean)",
  force_stop: "Force stop",
  start: "Start",
  verify: "Check the new configuration",
  define_kvm_domain: "Create the KVM server",
  start_kvm_domain: "Start it",
  verify_kvm_domain: "Check it runs with ballooning",
  remove_lxc_domain: "Remove the old LXC container",
  switch_server_record: "Switch your server over",
};

/**
 * Why a step the host skipped was not needed, read from what happened around it: a shutdown skipped
 * before a forced stop is a forced restart; both skipped before a start, a server that was already
 * off; every restart step skipped, nothing to restart for.
 */
export function skippedBecause(step: StepName, steps: Step[]): string {
  const status = (name: StepName) => steps.find((candidate) => candidate.name === name)?.status;
  const restartSkipped = (["shutdown", "force_stop", "start"] as const).every((name) => status(name) === "skipped");
  switch (step) {
    case "update_domain_xml":
      return "Nothing to change";
    case "shutdown":
    case "force_stop":
      if (restartSkipped) return "Not needed: nothing to restart for";
      if (step === "shutdown") return status("force_stop") === "skipped" ? "Not needed: the server was already off" : "Not needed for a forced restart";
      return status("shutdown") === "skipped" ? "Not needed: the server was already off" : "Not needed: the server shut down in time";
    default:
      return "Not needed";
  }
}

export function stepName(name: StepName): string {
  return STEP_NAMES[name];
}
