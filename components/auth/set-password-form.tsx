"use client";

import type { FormEvent } from "react";
import type { LINK_SIGN_IN_ERRORS } from "@/lib/auth/authorize";
import { PASSWORD_MIN_LENGTH, passwordProblem } from "@/lib/auth/password-rules";
import type authMessages from "@/lib/i18n/messages/en/auth.json";
import { FormAlert } from "@/components/ui/form-alert";
import { Field, SubmitButton } from "./form-parts";
import { useSignIn } from "./use-sign-in";

// Sets the account's password through its one-time link and signs in (next-auth's "sign-in-link"
// provider, lib/auth/authorize.ts). The rules are checked here as the server checks them again; a
// refusal, the form's or the server's, is shown in the reader's language by its code.

/** The form's words in the reader's language (auth.welcome.form), finished by the welcome page (the rules' lengths filled in). */
export type SetPasswordFormWords = (typeof authMessages)["welcome"]["form"];

export function SetPasswordForm({ token, email, words }: { token: string; email: string; words: SetPasswordFormWords }) {
  const messages: Readonly<Record<(typeof LINK_SIGN_IN_ERRORS)[number] | "unavailable", string>> = words.errors;
  const { error, setError, pending, signInWith } = useSignIn({ provider: "sign-in-link", destination: "/servers", messages, fallback: words.fallback });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    const problem = passwordProblem(password, { email });
    if (problem) return setError(messages[problem]);
    if (password !== String(form.get("repeat") ?? "")) return setError(words.differ);
    await signInWith({ token, password });
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field
        id="password"
        label={words.password}
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_MIN_LENGTH}
        hint={words.hint}
      />
      <Field id="repeat" label={words.repeat} type="password" autoComplete="new-password" />
      <FormAlert message={error} />
      <SubmitButton pending={pending} label={words.submit} pendingLabel={words.submitting} />
    </form>
  );
}
