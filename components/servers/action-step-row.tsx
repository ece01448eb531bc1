import type { ActionView } from "@/lib/contracts/actions";
import { StepIcon } from "./action-icons";
import { formatSeconds, seconds } from "./action-status-line";
import { stepName } from "./action-step-words";

// One step of an action: its icon, its name, and how it went (how long it took, why it was skipped).

type Step = ActionView["steps"][number];

/** `hostSilent`: the host stopped answering, so a running step is paused, not spinning. */
export function StepRow({ step, why, hostSilent }: { step: Step; why?: string; hostSilent: boolean }) {
  const took = step.status === "done" || step.status === "error" ? seconds(step.startedAt, step.finishedAt) : null;
  const note =
    step.status === "skipped"
      ? // Steps the host reported as skipped carry a finish time; those left over by a failure do not.
        step.finishedAt === null
        ? "Not run"
        : (why ?? "Not needed")
      : step.status === "running"
        ? hostSilent
          ? "Waiting for the host"
          : "In progress"
        : step.status === "error"
          ? "Failed"
          : took !== null
            ? formatSeconds(took)
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
        <span className={`text-sm ${text}`}>
          {stepName(step.name)}
          <span className="sr-only">: {step.status === "pending" ? "not started" : (note ?? step.status)}</span>
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
