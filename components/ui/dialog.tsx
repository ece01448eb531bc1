"use client";

import { TriangleAlert } from "lucide";
import { Icon } from "./icon";
import { useEffect, useId, useRef, type ReactNode } from "react";

// A modal dialog on the native <dialog> element: showModal() makes the rest of the page inert (focus
// stays inside) and puts the dialog in the top layer. Escape asks the owner to close it; focus goes
// back to where it was when the dialog opened. Mark the control to focus first with data-autofocus.

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  /** The buttons, laid out at the bottom (stacked on narrow screens); null for a dialog whose content carries its own (a secret shown once). */
  footer: ReactNode;
  /** While true, Escape and clicks outside do not close it (a request is on its way). */
  busy?: boolean;
  tone?: "default" | "warning" | "danger";
};

export function Dialog({ open, onClose, title, description, children, footer, busy = false, tone = "default" }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element; a control marked data-autofocus goes first.
    dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // Controls that open a dialog stay focusable while busy (aria-disabled), so this lands.
      returnFocusTo?.focus();
    };
  }, [open]);

  if (!open) return null;
  return (
    <dialog
      ref={ref}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        // Escape: the owner decides (it holds `open`); never let the element close itself behind React's back.
        event.preventDefault();
        if (!busy) onClose();
      }}
      onKeyDown={(event) => {
        // The native modal lets Tab leave for the browser's own controls; keep it cycling inside.
        if (event.key !== "Tab") return;
        const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute("disabled"));
        const first = focusable[0];
        const last = focusable.at(-1);
        if (!first || !last) return;
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> element itself, outside the panel.
        if (event.target === event.currentTarget && !busy) onClose();
      }}
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-xl bg-white p-0 text-slate-900 shadow-xl ring-1 ring-slate-900/10 backdrop:bg-slate-900/50"
    >
      <div className="px-5 pt-5 pb-4 sm:px-6 sm:pt-6">
        <div className="flex items-start gap-3">
          {tone !== "default" && <ToneIcon tone={tone} />}
          <div className="min-w-0 flex-1">
            <h2 id={titleId} className="text-base font-semibold text-slate-900">
              {title}
            </h2>
            {description && (
              <div id={descriptionId} className="mt-2 text-sm text-slate-700">
                {description}
              </div>
            )}
            {children && <div className="mt-4">{children}</div>}
          </div>
        </div>
      </div>
      {footer && (
        <div className="flex flex-col-reverse gap-2 rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-3 sm:flex-row sm:flex-wrap sm:justify-end sm:px-6">
          {footer}
        </div>
      )}
    </dialog>
  );
}

function ToneIcon({ tone }: { tone: "warning" | "danger" }) {
  const colors = tone === "danger" ? "bg-red-100 text-red-700" : "bg-amber-100 text-amber-700";
  return (
    <span aria-hidden className={`flex size-9 shrink-0 items-center justify-center rounded-full ${colors}`}>
      <Icon icon={TriangleAlert} className="size-5" />
    </span>
  );
}
