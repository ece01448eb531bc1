import { Spinner } from "@/components/ui/spinner";
import type { ActionView } from "@/lib/contracts/actions";

// The icons beside an action (its status) and beside each of its steps.

type Step = ActionView["steps"][number];

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

export function Glyph({ name, className }: { name: keyof typeof GLYPHS; className: string }) {
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

export function StepIcon({ status, paused }: { status: Step["status"]; paused: boolean }) {
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

export function StatusIcon({ status, hostSilent }: { status: ActionView["status"]; hostSilent: boolean }) {
  const { glyph, look } = hostSilent ? HOST_SILENT_ICON : STATUS_ICONS[status];
  return (
    <span aria-hidden className={`flex size-8 shrink-0 items-center justify-center rounded-full ring-1 ring-inset ${look}`}>
      {glyph ? <Glyph name={glyph} className="size-4" /> : <Spinner className="size-4" />}
    </span>
  );
}
