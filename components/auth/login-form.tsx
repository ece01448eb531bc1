"use client";

import type { FormEvent } from "react";
import { Field, FormError, SubmitButton } from "./form-parts";
import { useSignIn } from "./use-sign-in";

const MESSAGES: Record<string, string> = {
  invalid_credentials: "That email and password do not match an account.",
  too_many_attempts: "Too many failed sign-in attempts. Wait 15 minutes, then try again, or sign in from a browser you have used before.",
  unavailable: "Signing in is not possible right now: the service is briefly unavailable. Please try again in a moment.",
};
const FALLBACK = "Signing in is not possible right now. Please try again in a moment.";

export function LoginForm({ returnTo }: { returnTo: string }) {
  const { error, pending, signInWith } = useSignIn({ provider: "credentials", destination: returnTo, messages: MESSAGES, fallback: FALLBACK });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await signInWith({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
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
