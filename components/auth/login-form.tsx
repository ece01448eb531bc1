"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Field, FormError, SubmitButton } from "./form-parts";

const MESSAGES: Record<string, string> = {
  invalid_credentials: "That email and password do not match an account.",
  too_many_attempts: "Too many failed sign-in attempts. Wait 15 minutes, then try again, or sign in from a browser you have used before.",
  unavailable: "Signing in is not possible right now: the service is briefly unavailable. Please try again in a moment.",
};
const FALLBACK = "Signing in is not possible right now. Please try again in a moment.";

export function LoginForm({ returnTo }: { returnTo: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    }).catch(() => undefined);
    if (result?.ok && !result.error) {
      router.replace(returnTo);
      router.refresh();
      return;
    }
    setPending(false);
    setError((result?.error && MESSAGES[result.error]) || FALLBACK);
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <Field id="email" label="Email" type="email" autoComplete="username" />
      <Field id="password" label="Password" type="password" autoComplete="current-password" />
      <FormError error={error} />
      <SubmitButton pending={pending} label="Sign in" pendingLabel="Signing in…" />
    </form>
  );
}
