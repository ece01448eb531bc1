import type { IconNode } from "lucide";
import { Check, CircleAlert, Clock, Minus, X } from "lucide";
import { Icon } from "@/components/ui/icon";
import { Spinner } from "@/components/ui/spinner";
import type { ActionView } from "@/lib/contracts/actions";

// The icons beside an action (its status) and beside each of its steps.

type Step = ActionView["steps"][number];

const GLYPHS = { check: Check, cross: X, minus: Minus, clock: Clock, alert: CircleAlert } satisfies Record<string, IconNode>;

export function Glyph({ name, className }: { name: keyof typeof GLYPHS; className: string }) {
  return <Icon icon={GLYPHS[name]} className={className} />;
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
