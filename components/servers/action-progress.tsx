"use client";

import { Badge } from "@/components/ui/badge";
import { richWords } from "@/components/ui/words";
import type { ActionView } from "@/lib/contracts/actions";
import { fillWords } from "@/lib/i18n/fill-words";
import { Glyph, StatusIcon } from "./action-icons";
import { HOST_SILENT_TONE, hostSilence, LONG_WAIT_MS, STATUS_TONE, statusLine } from "./action-status-line";
import { skippedBecause } from "./action-step-words";
import { StepRow } from "./action-step-row";
import { titleOf } from "./action-titles";
import { useActionWords, type ActionWords } from "./action-words";

// An action's progress as the customer follows it: where it stands, a bar, and each step in words.
// While it waits on a host that stopped answering, it says so, and for how long, instead of spinning.
// Pages load it through action-progress-deferred.tsx, once an action is there to show. Its parts:
// the words for steps (action-step-words.ts), the status sentence (action-status-line.ts), a step's
// row (action-step-row.tsx) and the icons (action-icons.tsx); the words, from the nearest
// ActionWordsScope (action-words.tsx).

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
  const words = useActionWords();
  const { actions } = words;
  const finished = action.status === "success" || action.status === "error";
  const waitedLong = action.status === "queued" && checkedAt - Date.parse(action.createdAt) > LONG_WAIT_MS;
  const silentFor = hostSilence(action, checkedAt);
  const badge = silentFor === null ? { tone: STATUS_TONE[action.status], label: actions.badge[action.status] } : { tone: HOST_SILENT_TONE, label: actions.badge.hostSilent };
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const line = statusLine(action, waitedLong, silentFor, words);
  const title = titleOf(action, actions);

  return (
    <div className={`rounded-xl border border-slate-200 bg-white ${className}`}>
      <div className="flex items-start gap-3 px-4 pt-4">
        <StatusIcon status={action.status} hostSilent={silentFor !== null} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <Heading className="min-w-0 break-words text-sm font-semibold text-slate-900">{title}</Heading>
            <Badge tone={badge.tone}>{badge.label}</Badge>
          </div>
          <p className={`mt-0.5 break-words text-sm ${action.status === "error" ? "text-red-800" : "text-slate-600"}`}>{line}</p>
        </div>
        {finished && onDismiss && (
          <button
            type="button"
            onClick={onDismiss}
            aria-label={actions.progress.hide}
            className="-mr-1 shrink-0 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <Glyph name="cross" className="size-4" />
          </button>
        )}
      </div>

      <div className="px-4 pt-3">
        <ProgressBar action={action} title={title} words={actions} />
      </div>

      <ol className="space-y-0.5 px-4 py-3" aria-label={actions.progress.steps}>
        {action.steps.map((step) => (
          <StepRow
            key={step.name}
            step={step}
            why={step.status === "skipped" ? skippedBecause(step.name, action.steps, actions) : undefined}
            hostSilent={silentFor !== null}
            words={actions}
          />
        ))}
      </ol>

      {(queuedBehind > 0 || action.status === "error") && (
        <div className="space-y-1 border-t border-slate-100 px-4 py-3 text-sm text-slate-600">
          {queuedBehind > 0 && <p>{actions.progress.queuedBehind}</p>}
          {action.status === "error" && (
            <p>{richWords(actions.progress.support, { reference: <span className="font-mono text-xs text-slate-700">{action.id.slice(0, 8)}</span> })}</p>
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

function ProgressBar({ action, title, words }: { action: ActionView; title: string; words: ActionWords["actions"] }) {
  const queued = action.status === "queued";
  const value = action.status === "success" ? 100 : action.progress;
  const percent = fillWords(words.progress.percent, { value });
  const fill = action.status === "error" ? "bg-red-500" : action.status === "success" ? "bg-emerald-500" : "bg-indigo-600";
  return (
    <div className="flex items-center gap-3">
      <div
        role="progressbar"
        aria-label={title}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={queued ? undefined : value}
        aria-valuetext={queued ? words.progress.waitingForHost : percent}
        className="h-2 flex-1 overflow-hidden rounded-full bg-slate-100"
      >
        {queued ? (
          <div key="waiting" className="h-full w-full animate-pulse rounded-full bg-indigo-100" />
        ) : (
          // A separate element (key), so the bar grows from 0 rather than shrinking from the full-width placeholder.
          <div key="bar" className={`h-full rounded-full transition-[width] duration-500 ${fill}`} style={{ width: `${value}%` }} />
        )}
      </div>
      <span className="w-11 shrink-0 text-right text-xs font-medium tabular-nums text-slate-600">{queued ? "—" : percent}</span>
    </div>
  );
}
