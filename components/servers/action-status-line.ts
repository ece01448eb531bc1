import type { BadgeTone } from "@/components/ui/badge";
import type { ActionView } from "@/lib/contracts/actions";
import { stepName } from "./action-step-words";

// Where an action stands, in one sentence and a badge: how long it has waited, whether its host
// stopped answering, which step runs, how long it all took.

export const STATUS_BADGE: Record<ActionView["status"], { label: string; tone: BadgeTone }> = {
  queued: { label: "Queued", tone: "warning" },
  running: { label: "In progress", tone: "info" },
  success: { label: "Done", tone: "success" },
  error: { label: "Failed", tone: "danger" },
};

export const HOST_SILENT_BADGE = { label: "Host not responding", tone: "warning" } as const satisfies { label: string; tone: BadgeTone };

/** A queued action waiting longer than this says so. */
export const LONG_WAIT_MS = 30_000;

export function seconds(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

// No-break spaces keep a figure with its unit when the line wraps.
export function formatSeconds(total: number): string {
  if (total < 1) return "under\u00a01\u00a0s";
  return total < 60 ? `${total}\u00a0s` : `${Math.floor(total / 60)}\u00a0min ${total % 60}\u00a0s`;
}

/** How long the host has not answered, when that holds the action up; null otherwise. */
export function hostSilence(action: ActionView, checkedAt: number): number | null {
  if (!action.hostUnresponsiveSince) return null;
  return Math.max(0, Math.round((checkedAt - Date.parse(action.hostUnresponsiveSince)) / 1000));
}

/** One sentence on where the action stands, shown under the title and announced to screen readers. */
export function statusLine(action: ActionView, waitedLong: boolean, silentFor: number | null): string {
  // Between two steps none is running: name the next one.
  const running = action.steps.findIndex((step) => step.status === "running");
  const current = running >= 0 ? running : action.steps.findIndex((step) => step.status === "pending");
  const failed = action.steps.findIndex((step) => step.status === "error");
  switch (action.status) {
    case "queued":
      if (silentFor !== null) {
        return `The host has not responded for ${formatSeconds(silentFor)}. Your change is kept and starts as soon as the host is back.`;
      }
      return waitedLong
        ? "Still waiting for the host. This is taking longer than usual; it starts as soon as the host picks it up, and your server keeps running until then."
        : "Waiting for the host… Your server keeps running until the host picks this up, usually within seconds.";
    case "running": {
      if (silentFor !== null) {
        return `The host has not responded for ${formatSeconds(silentFor)}. Nothing is lost: your change continues where it stopped as soon as the host is back.`;
      }
      const failedStep = action.steps[failed];
      if (failedStep) return `“${stepName(failedStep.name)}” did not work. Undoing the change, so that your server runs as it did before…`;
      const step = action.steps[current];
      return step ? `Step ${current + 1} of ${action.steps.length}: ${stepName(step.name)}…` : "Finishing…";
    }
    case "success": {
      const took = seconds(action.startedAt, action.finishedAt);
      return took === null ? "All steps finished." : `All steps finished in ${formatSeconds(took)}.`;
    }
    case "error":
      return action.error?.message || "The host reported a problem and stopped.";
  }
}
