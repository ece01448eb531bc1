import type { StepName } from "@/lib/actions/commands";
import type { ActionView } from "@/lib/contracts/actions";
import type { ActionWords } from "./action-words";

// The words for an action's steps: each step's name, and why the host skipped one. Every step of
// every command (lib/actions/commands) has its name in the actions messages (`steps`): a renamed or
// added step fails the type check here.

type Step = ActionView["steps"][number];
type Words = ActionWords["actions"];

/**
 * Why a step the host skipped was not needed, read from what happened around it: a shutdown skipped
 * before a forced stop is a forced restart; both skipped before a start, a server that was already
 * off; every restart step skipped, nothing to restart for.
 */
export function skippedBecause(step: StepName, steps: Step[], { skipped }: Words): string {
  const status = (name: StepName) => steps.find((candidate) => candidate.name === name)?.status;
  const restartSkipped = (["shutdown", "force_stop", "start"] as const).every((name) => status(name) === "skipped");
  switch (step) {
    case "update_domain_xml":
      return skipped.nothingToChange;
    case "shutdown":
    case "force_stop":
      if (restartSkipped) return skipped.nothingToRestart;
      if (step === "shutdown") return status("force_stop") === "skipped" ? skipped.alreadyOff : skipped.forcedRestart;
      return status("shutdown") === "skipped" ? skipped.alreadyOff : skipped.shutDownInTime;
    default:
      return skipped.notNeeded;
  }
}

export function stepName(name: StepName, words: Words): string {
  return (words.steps satisfies Record<StepName, string>)[name];
}
