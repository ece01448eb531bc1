"use client";

import type { FormEvent } from "react";
import type authMessages from "@/lib/i18n/messages/en/auth.json";
import { FormAlert } from "@/components/ui/form-alert";
import { Field, SubmitButton } from "./form-parts";
import { useSignIn } from "./use-sign-in";

/** The form's words in the reader's language (auth.login.form), from the sign-in page. */
export type LoginFormWords = (typeof authMessages)["login"]["form"];

export function LoginForm({ returnTo, words }: { returnTo: string; words: LoginFormWords }) {
  const { error, pending, signInWith } = useSignIn({ provider: "credentials", destination: returnTo, messages: words.errors, fallback: words.fallback });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await signInWith({ email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") });
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <Field id="email" label={words.email} type="email" autoComplete="username" />
      <Field id="password" label={words.password} type="password" autoComplete="current-password" />
      <FormAlert message={error} />
      <SubmitButton pending={pending} label={words.submit} pendingLabel={words.submitting} />
    </form>
  );
}
