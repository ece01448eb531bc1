"use client";

import type { ButtonHTMLAttributes } from "react";

type SwitchProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "onChange" | "role" | "aria-checked" | "disabled"> & {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  /** Shown and announced as unavailable, but stays focusable so its explanation can be reached. */
  disabled?: boolean;
};

/** An on/off switch: a button with role="switch". Label it with aria-labelledby or aria-label. */
export function Switch({ checked, onCheckedChange, disabled = false, className = "", ...props }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-disabled={disabled || undefined}
      onClick={() => {
        if (!disabled) onCheckedChange(!checked);
      }}
      className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
        checked ? "bg-indigo-600" : "bg-slate-200 ring-1 ring-inset ring-slate-500"
      } ${disabled ? "cursor-not-allowed opacity-50" : "cursor-pointer"} ${className}`}
      {...props}
    >
      <span
        aria-hidden
        className={`inline-block size-5 rounded-full bg-white shadow ring-1 ring-slate-900/5 transition-transform ${checked ? "translate-x-5.5" : "translate-x-0.5"}`}
      />
    </button>
  );
}
