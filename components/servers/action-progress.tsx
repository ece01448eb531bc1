"use client";

import { Badge } from "@/components/ui/badge";
import type { ActionView } from "@/lib/contracts/actions";
import { Glyph, StatusIcon } from "./action-icons";
import { HOST_SILENT_BADGE, hostSilence, LONG_WAIT_MS, STATUS_BADGE, statusLine } from "./action-status-line";
import { skippedBecause } from "./action-step-words";
import { StepRow } from "./action-step-row";
import { actionTitle } from "./action-titles";

// An action's progress as the customer follows it: where it stands, a bar, and each step in words.
// While it waits on a host that stopped answering, it says so, and for how long, instead of spinning.
// Pages load it through action-progress-deferred.tsx, once an action is there to show. Its parts:
// the words for steps (action-step-words.ts), the status sentence (action-status-line.ts), a step's
// row (action-step-row.tsx) and the icons (action-icons.tsx).

export function ActionProgress({
  action,
  checkedAt,
  queuedBehind = 0,
  onDismiss,
  headingLevel = 3,
  className = "",
}: {
  action: ActionView;
  /** When the action was last fetched (ms): how long it has waited, without a clock in render. */
  checkedAt: number;
  queuedBehind?: number;
  onDismiss?: () => void;
  headingLevel?: 2 | 3;
  className?: string;
}) {
  const finished = action.status === "success" || action.status === "error";
  const waitedLong = action.status === "queued" && checkedAt - Date.parse(action.createdAt) > LONG_WAIT_MS;
  const silentFor = hostSilence(action, checkedAt);
  const badge = silentFor === null ? STATUS_BADGE[action.status] : HOST_SILENT_BADGE;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const line = statusLine(action, waitedLong, silentFor);

  return (
    <div className={`rounded-xl border border-slate-200 bg-white ${className}`}>
      <div className="flex items-start gap-3 px-4 pt-4">
        <StatusIcon status={action.status} hostSilent={silentFor !== null} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <Heading className="text-sm font-semibold text-slate-900">{actionTitle(action)}</Heading>
            <Badge tone={badge.tone}>{badge.label}</Badge>
          </div>
          <p className={`mt-0.5 text-sm ${action.status === "error" ? "text-red-800" : "text-slate-600"}`}>{line}</p>
        </div>
        {finished && onDismiss && (
          <button
            type="button"
            onClick={onDismiss}
            aria-label="Hide progress"
            className="-mr-1 shrink-0 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <Glyph name="cross" className="size-4" />
          </button>
        )}
      </div>

      <div className="px-4 pt-3">
        <ProgressBar action={action} />
      </div>

      <ol className="space-y-0.5 px-4 py-3" aria-label="Steps">
        {action.steps.map((step) => (
          <StepRow key={step.name} step={step} why={step.status === "skipped" ? skippedBecause(step.name, action.steps) : undefined} hostSilent={silentFor !== null} />
        ))}
      </ol>

      {(queuedBehind > 0 || action.status === "error") && (
        <div className="space-y-1 border-t border-slate-100 px-4 py-3 text-sm text-slate-600">
          {queuedBehind > 0 && <p>Another change is queued and runs right after this one.</p>}
          {action.status === "error" && (
            <p>
              You can try again. If it keeps failing, contact support and quote the reference{" "}
              <span className="font-mono text-xs text-slate-700">{action.id.slice(0, 8)}</span>.
            </p>
          )}
        </div>
      )}
      {/* Step changes are announced; the final outcome is announced by its toast. */}
      <p className="sr-only" aria-live="polite">
        {finished ? "" : line}
      </p>
    </div>
  );
}

function ProgressBar({ action }: { action: ActionView }) {
  const queued = action.status === "queued";
  const value = action.status === "success" ? 100 : action.progress;
  const fill = action.status === "error" ? "bg-red-500" : action.status === "success" ? "bg-emerald-500" : "bg-indigo-600";
  return (
    <div className="flex items-center gap-3">
      <div
        role="progressbar"
        aria-label={actionTitle(action)}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={queued ? undefined : value}
        aria-valuetext={queued ? "Waiting for the host" : `${value}%`}
        className="h-2 flex-1 overflow-hidden rounded-full bg-slate-100"
      >
        {queued ? (
          <div key="waiting" className="h-full w-full animate-pulse rounded-full bg-indigo-100" />
        ) : (
          // A separate element (key), so the bar grows from 0 rather than shrinking from the full-width placeholder.
          <div key="bar" className={`h-full rounded-full transition-[width] duration-500 ${fill}`} style={{ width: `${value}%` }} />
        )}
      </div>
      <span className="w-10 text-right text-xs font-medium tabular-nums text-slate-600">{queued ? "—" : `${value}%`}</span>
    </div>
  );
}
