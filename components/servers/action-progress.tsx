"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Spinner } from "@/components/ui/spinner";
import type { StepName } from "@/lib/actions/commands";
import type { ActionView } from "@/lib/contracts/actions";
import { actionTitle } from "./action-titles";

// An action's progress as the customer follows it: where it stands, a bar, and each step in words.
// While it waits on a host that stopped answering, it says so, and for how long, instead of spinning.
// Pages load it through action-progress-deferred.tsx, once an action is there to show.

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
function skippedBecause(step: StepName, steps: Step[]): string {
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

const STATUS_BADGE: Record<ActionView["status"], { label: string; tone: BadgeTone }> = {
  queued: { label: "Queued", tone: "warning" },
  running: { label: "In progress", tone: "info" },
  success: { label: "Done", tone: "success" },
  error: { label: "Failed", tone: "danger" },
};

const HOST_SILENT_BADGE = { label: "Host not responding", tone: "warning" } as const satisfies { label: string; tone: BadgeTone };

const LONG_WAIT_MS = 30_000;

export function stepName(name: StepName): string {
  return STEP_NAMES[name];
}

function seconds(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

// No-break spaces keep a figure with its unit when the line wraps.
function formatSeconds(total: number): string {
  if (total < 1) return "under\u00a01\u00a0s";
  return total < 60 ? `${total}\u00a0s` : `${Math.floor(total / 60)}\u00a0min ${total % 60}\u00a0s`;
}

/** How long the host has not answered, when that holds the action up; null otherwise. */
function hostSilence(action: ActionView, checkedAt: number): number | null {
  if (!action.hostUnresponsiveSince) return null;
  return Math.max(0, Math.round((checkedAt - Date.parse(action.hostUnresponsiveSince)) / 1000));
}

/** One sentence on where the action stands, shown under the title and announced to screen readers. */
function statusLine(action: ActionView, waitedLong: boolean, silentFor: number | null): string {
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

/** `hostSilent`: the host stopped answering, so a running step is paused, not spinning. */
function StepRow({ step, why, hostSilent }: { step: Step; why?: string; hostSilent: boolean }) {
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

// 20×20 glyphs (heroicons' "mini" set).
const GLYPHS = {
  check:
    "M16.704 4.153a.75.75 0 0 1 .143 1.052l-8 10.5a.75.75 0 0 1-1.127.075l-4.5-4.5a.75.75 0 0 1 1.06-1.06l3.894 3.893 7.48-9.817a.75.75 0 0 1 1.05-.143Z",
  cross:
    "M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z",
  minus: "M4 10a.75.75 0 0 1 .75-.75h10.5a.75.75 0 0 1 0 1.5H4.75A.75.75 0 0 1 4 10Z",
  clock: "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm.75-13a.75.75 0 0 0-1.5 0v5c0 .414.336.75.75.75h4a.75.75 0 0 0 0-1.5h-3.25V5Z",
  alert:
    "M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z",
};

function Glyph({ name, className }: { name: keyof typeof GLYPHS; className: string }) {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className={className}>
      <path fillRule="evenodd" clipRule="evenodd" d={GLYPHS[name]} />
    </svg>
  );
}

const STEP_ICONS: Record<Exclude<Step["status"], "running">, { glyph?: keyof typeof GLYPHS; look: string }> = {
  pending: { look: "border-2 border-slate-300" },
  done: { glyph: "check", look: "bg-emerald-600 text-white" },
  error: { glyph: "cross", look: "bg-red-600 text-white" },
  skipped: { glyph: "minus", look: "bg-slate-200 text-slate-600" },
};

function StepIcon({ status, paused }: { status: Step["status"]; paused: boolean }) {
  if (status === "running" && paused) {
    return <Glyph name="clock" className="mt-0.5 size-4 shrink-0 text-amber-700" />;
  }
  if (status === "running") return <Spinner className="mt-0.5 size-4 shrink-0 text-indigo-600" />;
  const { glyph, look } = STEP_ICONS[status];
  return (
    <span aria-hidden className={`mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full ${look}`}>
      {glyph && <Glyph name={glyph} className="size-3" />}
    </span>
  );
}

const STATUS_ICONS: Record<ActionView["status"], { glyph: keyof typeof GLYPHS | null; look: string }> = {
  queued: { glyph: "clock", look: "bg-amber-50 text-amber-700 ring-amber-600/20" },
  running: { glyph: null, look: "bg-indigo-50 text-indigo-600 ring-indigo-600/20" },
  success: { glyph: "check", look: "bg-emerald-50 text-emerald-600 ring-emerald-600/20" },
  error: { glyph: "alert", look: "bg-red-50 text-red-600 ring-red-600/20" },
};

const HOST_SILENT_ICON = { glyph: "alert", look: "bg-amber-50 text-amber-700 ring-amber-600/20" } as const;

function StatusIcon({ status, hostSilent }: { status: ActionView["status"]; hostSilent: boolean }) {
  const { glyph, look } = hostSilent ? HOST_SILENT_ICON : STATUS_ICONS[status];
  return (
    <span aria-hidden className={`flex size-8 shrink-0 items-center justify-center rounded-full ring-1 ring-inset ${look}`}>
      {glyph ? <Glyph name={glyph} className="size-4" /> : <Spinner className="size-4" />}
    </span>
  );
}
