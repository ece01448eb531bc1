import { CircleAlert } from "lucide";
import { cn } from "./cn";
import { Icon } from "./icon";
import type { ComponentProps, InputHTMLAttributes, ReactNode } from "react";

// A labelled input (or textarea) with its hint and its own error: the error is read with the field
// (aria-describedby) and marks it invalid, so each field says what is wrong with it. The sign-in
// forms' fields (components/auth/form-parts.tsx) and the account's are all this one.

type FieldProps = { id: string; label: string; hint?: ReactNode; error?: string };
type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "className"> & FieldProps;
type TextAreaFieldProps = Omit<ComponentProps<"textarea">, "id" | "className"> & FieldProps;

const controlClasses = (error: string | undefined) =>
  cn(
    "mt-1.5 block w-full rounded-lg border-0 px-3 py-2 text-slate-900 ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:outline-none disabled:bg-slate-50 sm:text-sm",
    error ? "ring-red-600 focus:ring-red-600" : "ring-slate-300 focus:ring-indigo-600",
  );

/** What the control reads with it, and marks it invalid by. */
const described = ({ id, hint, error }: FieldProps) => ({
  "aria-invalid": error ? true : undefined,
  "aria-describedby": [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined,
});

export function TextField({ id, label, hint, error, ...input }: TextFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input id={id} {...described({ id, label, hint, error })} className={controlClasses(error)} {...input} />
    </Field>
  );
}

/** The same for text of several lines (an SSH key): a textarea. */
export function TextAreaField({ id, label, hint, error, ...textarea }: TextAreaFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea id={id} {...described({ id, label, hint, error })} className={controlClasses(error)} {...textarea} />
    </Field>
  );
}

function Field({ id, label, hint, error, children }: FieldProps & { children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {error && (
        <p id={`${id}-error`} className="mt-1.5 flex items-start gap-1.5 text-sm text-red-700">
          <Icon icon={CircleAlert} className="mt-0.5 size-4 shrink-0" />
          <span className="min-w-0 break-words">{error}</span>
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-600">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A result to announce: always in the page, so that a message put in it later is read out. */
export function StatusMessage({ message }: { message: string | null }) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true">
      {message && <p className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900 ring-1 ring-inset ring-emerald-600/25">{message}</p>}
    </div>
  );
}

