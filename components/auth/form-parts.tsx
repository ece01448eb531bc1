import type { InputHTMLAttributes, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

// The pieces the sign-in and set-password forms share: a required field named by its id, and the
// submit button that says what it is doing.

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "className"> & { id: string; label: string; hint?: ReactNode };

export function Field({ id, label, hint, ...input }: FieldProps) {
  return <TextField id={id} name={id} required label={label} hint={hint} {...input} />;
}

export function SubmitButton({ pending, label, pendingLabel }: { pending: boolean; label: string; pendingLabel: string }) {
  return (
    <Button type="submit" disabled={pending} className="w-full">
      {pending ? pendingLabel : label}
    </Button>
  );
}
