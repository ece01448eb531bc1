"use client";

import dynamic from "next/dynamic";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useActionWords } from "@/components/servers/action-words";

// A small toast system: a provider holding the list, a hook to add to it, and one polite live
// region that screen readers announce. Toasts dismiss themselves (paused while hovered or focused).
// A toast's title and description come in the reader's language from whoever adds it; the region's
// own words, from the nearest ActionWordsScope.

export type ToastTone = "success" | "error" | "info";

export type ToastOptions = {
  title: string;
  description?: string;
  tone?: ToastTone;
  /** A toast with the id of one on screen replaces it, so repeated reports show once. */
  id?: string;
  durationMs?: number;
};

export type Toast = Required<Pick<ToastOptions, "title" | "tone" | "id" | "durationMs">> & { description?: string };

type ToastApi = { toast: (options: ToastOptions) => string; dismiss: (id: string) => void };

const ToastContext = createContext<ToastApi | null>(null);

// A toast's card is fetched with the first toast: most visits show none.
const ToastCard = dynamic(() => import("./toast-card").then((module) => module.ToastCard), { ssr: false });

const MAX_TOASTS = 4;
let counter = 0;

export function ToastProvider({ children }: { children: ReactNode }) {
  const words = useActionWords().actions.toast;
  const [toasts, setToasts] = useState<Toast[]>([]);

  const dismiss = useCallback((id: string) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const toast = useCallback((options: ToastOptions) => {
    const tone = options.tone ?? "info";
    const next: Toast = {
      id: options.id ?? `toast-${++counter}`,
      title: options.title,
      description: options.description,
      tone,
      durationMs: options.durationMs ?? (tone === "error" ? 10_000 : 6_000),
    };
    setToasts((list) => [...list.filter((other) => other.id !== next.id), next].slice(-MAX_TOASTS));
    return next.id;
  }, []);
  const api = useMemo(() => ({ toast, dismiss }), [toast, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      {/* Always in the page, so that a toast added later is announced. */}
      <div
        aria-live="polite"
        aria-label={words.region}
        role="region"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end sm:p-6"
      >
        {toasts.map((item) => (
          <ToastCard key={item.id} toast={item} onDismiss={dismiss} dismissLabel={words.dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast must be used inside <ToastProvider>");
  return api;
}
