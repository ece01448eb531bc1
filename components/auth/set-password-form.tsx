"use client";

import type { FormEvent } from "react";
import type { LINK_SIGN_IN_ERRORS } from "@/lib/auth/authorize";
import { PASSWORD_MIN_LENGTH, PASSWORD_PROBLEMS, passwordProblem } from "@/lib/auth/password-rules";
import { Field, FormError, SubmitButton } from "./form-parts";
import { useSignIn } from "./use-sign-in";

// Sets the account's password through its one-time link and signs in (next-auth's "sign-in-link"
// provider, lib/auth/authorize.ts). The rules are checked here as the server checks them again.

const MESSAGES: Record<(typeof LINK_SIGN_IN_ERRORS)[number] | "unavailable", string> = {
  ...PASSWORD_PROBLEMS,
  link_used: "This link was used already: it works once. Sign in with the password set through it.",
  link_replaced: "A newer link was sent for this account, and only the newest one works. Use that one.",
  link_expired: "This link has expired. Ask your provider for a new one.",
  link_unknown: "This link does not work. Ask your provider for a new one.",
  unavailable: "Setting a password is not possible right now: the service is briefly unavailable. Please try again in a moment.",
};
const FALLBACK = "Setting a password is not possible right now. Please try again in a moment.";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const { error, setError, pending, signInWith } = useSignIn({ provider: "sign-in-link", destination: "/servers", messages: MESSAGES, fallback: FALLBACK });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    const problem = passwordProblem(password, { email });
    if (problem) return setError(PASSWORD_PROBLEMS[problem]);
    if (password !== String(form.get("repeat") ?? "")) return setError("The two passwords differ. Type the same one twice.");
    await signInWith({ token, password });
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field
        id="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_MIN_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong one.`}
      />
      <Field id="repeat" label="Repeat the password" type="password" autoComplete="new-password" />
      <FormError error={error} />
      <SubmitButton pending={pending} label="Set password and sign in" pendingLabel="Setting your password…" />
    </form>
  );
}
