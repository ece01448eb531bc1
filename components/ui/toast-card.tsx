"use client";

import { useEffect, useState, type ReactNode } from "react";
import type { Toast, ToastTone } from "./toast";

// One toast (toast.tsx holds the list and the live region that announces it): it dismisses itself
// after its time, paused while hovered or focused.

const TONES: Record<ToastTone, { ring: string; icon: ReactNode }> = {
  success: { ring: "border-l-emerald-500", icon: <CheckIcon className="text-emerald-600" /> },
  error: { ring: "border-l-red-500", icon: <AlertIcon className="text-red-600" /> },
  info: { ring: "border-l-indigo-500", icon: <InfoIcon className="text-indigo-600" /> },
};

export function ToastCard({ toast, onDismiss }: { toast: Toast; onDismiss: (id: string) => void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => onDismiss(toast.id), toast.durationMs);
    return () => clearTimeout(timer);
  }, [paused, toast, onDismiss]);

  const { ring, icon } = TONES[toast.tone];
  return (
    <div
      className={`pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-xl border border-l-4 border-slate-200 bg-white p-4 shadow-lg ${ring}`}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <span className="mt-0.5 shrink-0">{icon}</span>
      <div className="min-w-0 flex-1">
        <p className="text-sm font-semibold text-slate-900">{toast.title}</p>
        {toast.description && <p className="mt-1 text-sm text-slate-700">{toast.description}</p>}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="-m-1 shrink-0 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
        aria-label="Dismiss notification"
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-4">
          <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
        </svg>
      </button>
    </div>
  );
}

function CheckIcon({ className }: { className: string }) {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className={`size-5 ${className}`}>
      <path fillRule="evenodd" d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.86-9.86a.75.75 0 0 0-1.22-.88l-3.24 4.5-1.64-1.64a.75.75 0 1 0-1.06 1.06l2.25 2.25a.75.75 0 0 0 1.14-.09l3.77-5.2Z" clipRule="evenodd" />
    </svg>
  );
}

function AlertIcon({ className }: { className: string }) {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className={`size-5 ${className}`}>
      <path fillRule="evenodd" d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
    </svg>
  );
}

function InfoIcon({ className }: { className: string }) {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className={`size-5 ${className}`}>
      <path fillRule="evenodd" d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-7-4a1 1 0 1 1-2 0 1 1 0 0 1 2 0ZM9 9a.75.75 0 0 0 0 1.5h.25v3.25a.75.75 0 0 0 1.5 0V9.75A.75.75 0 0 0 9.25 9H9Z" clipRule="evenodd" />
    </svg>
  );
}
