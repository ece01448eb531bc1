"use client";

import { CircleAlert, CircleCheck, Info, X } from "lucide";
import { Icon } from "./icon";
import { cva } from "class-variance-authority";
import { useEffect, useState, type ReactNode } from "react";
import type { Toast, ToastTone } from "./toast";

// One toast (toast.tsx holds the list and the live region that announces it): it dismisses itself
// after its time, paused while hovered or focused.

const toastVariants = cva("pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-xl border border-l-4 border-slate-200 bg-white p-4 shadow-lg", {
  variants: { tone: { success: "border-l-emerald-500", error: "border-l-red-500", info: "border-l-indigo-500" } satisfies Record<ToastTone, string> },
});

const ICONS: Record<ToastTone, ReactNode> = {
  success: <Icon icon={CircleCheck} className="size-5 text-emerald-600" />,
  error: <Icon icon={CircleAlert} className="size-5 text-red-600" />,
  info: <Icon icon={Info} className="size-5 text-indigo-600" />,
};

export function ToastCard({ toast, onDismiss, dismissLabel }: { toast: Toast; onDismiss: (id: string) => void; dismissLabel: string }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), toast.durationMs);
    return () => clearTimeout(timer);
  }, [paused, toast, onDismiss]);

  return (
    <div
      className={toastVariants({ tone: toast.tone })}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span className="mt-0.5 shrink-0">{ICONS[toast.tone]}</span>
      <div className="min-w-0 flex-1 break-words">
        <p className="text-sm font-semibold text-slate-900">{toast.title}</p>
        {toast.description && <p className="mt-1 text-sm text-slate-700">{toast.description}</p>}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="-m-1 shrink-0 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
        aria-label={dismissLabel}
      >
        <Icon icon={X} className="size-4" />
      </button>
    </div>
  );
}
