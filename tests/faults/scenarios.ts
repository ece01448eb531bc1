import { stepsOf, type CommandName, type StepName } from "@/lib/actions/commands/index.ts";
import type { HypervisorErrorKind } from "@/lib/hypervisor/errors.ts";
import type { FaultOperation } from "@/lib/hypervisor/simulated/state-schema.ts";

// The fault matrix: for apply_settings, restart and reinstall, one fault injected at every step (and
// at the claim and the completion), each fault a scenario of its own on a host of its own.

export const COMMANDS: readonly CommandName[] = ["apply_settings", "restart", "reinstall"];

/** Faults injected while a step runs. */
export const STEP_FAULTS = [
  "agent_killed",
  "unavailable_at_start",
  "unavailable_at_end",
  "answer_lost_at_end",
  "postgres_restart",
  "libvirt_transient",
  "libvirt_permanent",
] as const;

/** Faults on the claim and on the completion. */
export const CALL_FAULTS = ["unavailable", "answer_lost"] as const;

export type StepFault = (typeof STEP_FAULTS)[number];
export type CallFault = (typeof CALL_FAULTS)[number];
export type Fault = StepFault | CallFault;

/** Where the fault strikes: a step, or the claim that hands the action out, or its completion. */
export type Where = StepName | "claim" | "complete";

export type Scenario = { id: number; command: CommandName; where: Where; fault: Fault };

/** How an action may end under a fault: finished, undone (rolled back), or refused before anything changed. */
export type Outcome = "success" | "rolled_back" | "not_applied";

export const FAULT_LABELS: Record<Fault, string> = {
  agent_killed: "agent SIGKILL",
  unavailable_at_start: "503 on step start",
  unavailable_at_end: "503 on step end",
  answer_lost_at_end: "time-out on step end",
  postgres_restart: "PostgreSQL restart",
  libvirt_transient: "libvirt transient",
  libvirt_permanent: "libvirt permanent",
  unavailable: "503",
  answer_lost: "time-out",
};

/** What a host fault names: the server's domain, the reinstall's KVM domain, or that domain's disk or seed volume. */
export type FaultTarget = "server" | "kvm" | "kvm_disk" | "kvm_seed";

/** The libvirt call each step makes that a host fault hits; null where a step makes none. */
export function hostOperation(command: CommandName, step: StepName): { operation: FaultOperation; on: FaultTarget } | null {
  if (command === "reinstall") {
    // The matrix's reinstalls log in with a generated password, so each makes and removes a seed.
    const byStep: Partial<Record<StepName, { operation: FaultOperation; on: FaultTarget }>> = {
      create_disk: { operation: "createVolume", on: "kvm_disk" },
      create_first_boot_seed: { operation: "uploadVolume", on: "kvm_seed" },
      define_kvm_domain: { operation: "define", on: "kvm" },
      start_kvm_domain: { operation: "start", on: "kvm" },
      verify_kvm_domain: { operation: "domainState", on: "kvm" },
      // Its first change on the host: the seed leaves the domain before its volume goes.
      remove_first_boot_seed: { operation: "ejectMedia", on: "kvm" },
      remove_lxc_domain: { operation: "undefine", on: "server" },
    };
    return byStep[step] ?? null;
  }
  const byStep: Partial<Record<StepName, FaultOperation>> = {
    // A restart changes no setting here: its first step only reads the definition.
    update_domain_xml: command === "apply_settings" ? "define" : "domainXml",
    shutdown: "shutdown",
    force_stop: "destroy",
    start: "start",
    verify: "domainState",
  };
  const operation = byStep[step];
  return operation ? { operation, on: "server" } : null;
}

export const HOST_FAULT_KIND: Record<"libvirt_transient" | "libvirt_permanent", { kind: HypervisorErrorKind; times: number }> = {
  // Twice: the first retry meets it again, the second gets through.
  libvirt_transient: { kind: "unreachable", times: 2 },
  libvirt_permanent: { kind: "operation_failed", times: 1 },
};

/** What the action must end with. Everything but a permanent libvirt failure finishes the change. */
export function expectedOutcome({ command, where, fault }: Scenario): Outcome {
  if (fault !== "libvirt_permanent") return "success";
  // A refused ACPI request is left to the forced stop.
  if (where === "shutdown") return "success";
  if (command === "reinstall") return "rolled_back";
  if (command === "restart") return "not_applied"; // a restart changes no definition: nothing to put back
  return where === "update_domain_xml" ? "not_applied" : "rolled_back";
}

export function allScenarios(): Scenario[] {
  const scenarios: Scenario[] = [];
  const add = (command: CommandName, where: Where, fault: Fault) => scenarios.push({ id: scenarios.length + 1, command, where, fault });
  for (const command of COMMANDS) {
    for (const fault of CALL_FAULTS) add(command, "claim", fault);
    for (const step of stepsOf(command)) {
      for (const fault of STEP_FAULTS) {
        if ((fault === "libvirt_transient" || fault === "libvirt_permanent") && !hostOperation(command, step)) continue;
        add(command, step, fault);
      }
    }
    for (const fault of CALL_FAULTS) add(command, "complete", fault);
  }
  return scenarios;
}
