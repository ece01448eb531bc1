import type { ActionView } from "@/lib/contracts/actions";
import { StepIcon } from "./action-icons";
import { formatSeconds, seconds } from "./action-status-line";
import { stepName } from "./action-step-words";
import type { ActionWords } from "./action-words";

// One step of an action: its icon, its name, and how it went (how long it took, why it was skipped).

type Step = ActionView["steps"][number];

/** `hostSilent`: the host stopped answering, so a running step is paused, not spinning. */
export function StepRow({ step, why, hostSilent, words }: { step: Step; why?: string; hostSilent: boolean; words: ActionWords["actions"] }) {
  const took = step.status === "done" || step.status === "error" ? seconds(step.startedAt, step.finishedAt) : null;
  const note =
    step.status === "skipped"
      ? // Steps the host reported as skipped carry a finish time; those left over by a failure do not.
        step.finishedAt === null
        ? words.step.notRun
        : (why ?? words.skipped.notNeeded)
      : step.status === "running"
        ? hostSilent
          ? words.step.waitingForHost
          : words.step.inProgress
        : step.status === "error"
          ? words.step.failed
          : took !== null
            ? formatSeconds(took, words)
            : null;
  const text = {
    pending: "text-slate-500",
    running: "font-medium text-slate-900",
    done: "text-slate-800",
    error: "font-medium text-red-800",
    skipped: "text-slate-500",
  }[step.status];
  return (
    <li className="flex items-start gap-3 py-1">
      <StepIcon status={step.status} paused={hostSilent} />
      <span className="flex min-w-0 flex-1 flex-wrap items-baseline justify-between gap-x-3">
        <span className={`min-w-0 break-words text-sm ${text}`}>
          {stepName(step.name, words)}
          <span className="sr-only">: {step.status === "pending" ? words.step.notStarted : (note ?? words.step.done)}</span>
        </span>
        {note && (
          <span aria-hidden className={`text-xs tabular-nums ${step.status === "error" ? "text-red-700" : "text-slate-500"}`}>
            {note}
          </span>
        )}
      </span>
    </li>
  );
}
