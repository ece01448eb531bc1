import type { BadgeTone } from "@/components/ui/badge";
import type { ActionView } from "@/lib/contracts/actions";
import { fillWords } from "@/lib/i18n/fill-words";
import { stepName } from "./action-step-words";
import type { ActionWords } from "./action-words";

// Where an action stands, in one sentence and a badge: how long it has waited, whether its host
// stopped answering, which step runs, how long it all took; and, when it failed, why, in the words
// for its error's code (the errors messages' `action`), not the host's English.

type Words = ActionWords["actions"];

export const STATUS_TONE: Record<ActionView["status"], BadgeTone> = { queued: "warning", running: "info", success: "success", error: "danger" };

export const HOST_SILENT_TONE: BadgeTone = "warning";

/** A queued action waiting longer than this says so. */
export const LONG_WAIT_MS = 30_000;

export function seconds(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

/** "12 s", "2 min 5 s": the messages keep a figure with its unit by a no-break space, when the line wraps. */
export function formatSeconds(total: number, { duration }: Words): string {
  if (total < 1) return duration.underOneSecond;
  return total < 60 ? fillWords(duration.seconds, { seconds: total }) : fillWords(duration.minutes, { minutes: Math.floor(total / 60), seconds: total % 60 });
}

/** How long the host has not answered, when that holds the action up; null otherwise. */
export function hostSilence(action: ActionView, checkedAt: number): number | null {
  if (!action.hostUnresponsiveSince) return null;
  return Math.max(0, Math.round((checkedAt - Date.parse(action.hostUnresponsiveSince)) / 1000));
}

/** One sentence on where the action stands, shown under the title and announced to screen readers. */
export function statusLine(action: ActionView, waitedLong: boolean, silentFor: number | null, words: ActionWords): string {
  const { line } = words.actions;
  // Between two steps none is running: name the next one.
  const running = action.steps.findIndex((step) => step.status === "running");
  const current = running >= 0 ? running : action.steps.findIndex((step) => step.status === "pending");
  const failed = action.steps.findIndex((step) => step.status === "error");
  switch (action.status) {
    case "queued":
      if (silentFor !== null) return fillWords(line.queuedHostSilent, { duration: formatSeconds(silentFor, words.actions) });
      return waitedLong ? line.queuedLong : line.queued;
    case "running": {
      if (silentFor !== null) return fillWords(line.runningHostSilent, { duration: formatSeconds(silentFor, words.actions) });
      const failedStep = action.steps[failed];
      if (failedStep) return fillWords(line.undoing, { step: stepName(failedStep.name, words.actions) });
      const step = action.steps[current];
      return step ? fillWords(line.step, { current: current + 1, total: action.steps.length, step: stepName(step.name, words.actions) }) : line.finishing;
    }
    case "success": {
      const took = seconds(action.startedAt, action.finishedAt);
      return took === null ? line.finished : fillWords(line.finishedIn, { duration: formatSeconds(took, words.actions) });
    }
    case "error":
      return actionErrorWords(action, words);
  }
}

/**
 * Why an action failed, for the customer: what did not work (the failed step's sentence), then what
 * became of the server, by the error's code. The host's own message stays with the operators.
 */
export function actionErrorWords(action: Pick<ActionView, "command" | "steps" | "error">, { actions, errors }: ActionWords): string {
  const failedStep = action.steps.find((step) => step.status === "error");
  const failure = failedStep ? actions.failures[failedStep.name] : null;
  return outcome(action.command, action.error?.code, failure, errors.action)
    .filter((sentence) => sentence !== null)
    .join(" ");
}

function outcome(command: ActionView["command"], code: string | undefined, failure: string | null, words: ActionWords["errors"]["action"]): (string | null)[] {
  if (command === "reinstall") {
    // Until its last steps, a reinstall leaves the LXC container as it was.
    switch (code) {
      case "rolled_back":
        return [failure, words.reinstall.left_on_lxc];
      case "rollback_failed":
        return [failure, words.reinstall.rollback_failed];
      case "agent_lost":
      case "unknown_image":
      case "not_found":
      case "name_taken":
        return [words.reinstall[code]];
      // Refused on the host before anything of the container changed: it was started again as it ran.
      case "image_missing":
      case "disk_taken":
      case "disk_too_small":
      case "seed_taken":
      case "invalid_login":
        return [words.reinstall[code], words.reinstall.left_on_lxc];
      case "invalid_params":
        return [words.invalid_params];
      default:
        return [failure ?? words.failed];
    }
  }
  switch (code) {
    case "rolled_back":
    case "not_applied":
    case "rollback_failed":
      return [failure, words[code]];
    case "agent_lost":
    case "invalid_params":
      return [words[code]];
    default:
      return [failure ?? words.failed];
  }
}
