"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { passwordProblem, samePassword, type NewPasswordProblem } from "@/lib/auth/password-rules";
import { countWords } from "@/lib/i18n/fill-words";
import { apiFailure, failureMessage, type FailureWords } from "./failure";
import { FormAlert } from "@/components/ui/form-alert";
import { StatusMessage, TextField } from "@/components/ui/text-field";

// Account → Password. The new password is checked here by the rules the server checks again (those
// of the set-password form, and not the current one); each problem is said at its own field, and
// focus goes to the first. Success says how many other browsers were signed out.

type Field = "currentPassword" | "newPassword" | "repeat";
const FIELDS: Field[] = ["currentPassword", "newPassword", "repeat"];
type Problems = Partial<Record<Field, string>>;

/** Every message complete but `changed.other` and `rateLimited.other`, which the browser completes with {count}. */
export type ChangePasswordWords = {
  current: string;
  new: string;
  newHint: string;
  repeat: string;
  submit: string;
  pending: string;
  problems: Record<NewPasswordProblem | "currentMissing" | "wrongPassword" | "repeatMissing" | "repeatDiffers", string>;
  rateLimited: { one: string; other: string };
  changed: { none: string; one: string; other: string };
  errors: FailureWords;
};

const isNewPasswordProblem = (reason: unknown): reason is NewPasswordProblem =>
  reason === "password_too_short" || reason === "password_too_long" || reason === "password_is_email" || reason === "password_unchanged";

export function ChangePasswordForm({ email, words }: { email: string; words: ChangePasswordWords }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function show(found: Problems) {
    setProblems(found);
    const first = FIELDS.find((field) => found[field]);
    const input = first ? formRef.current?.elements.namedItem(first) : null;
    if (input instanceof HTMLInputElement) input.focus();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    const value = (field: Field) => String(form.get(field) ?? "");
    const [currentPassword, newPassword, repeat] = [value("currentPassword"), value("newPassword"), value("repeat")];
    setDone(null);
    setFailure(null);

    const found: Problems = {};
    if (!currentPassword) found.currentPassword = words.problems.currentMissing;
    const problem = passwordProblem(newPassword, { email }) ?? (currentPassword && samePassword(newPassword, currentPassword) ? "password_unchanged" : null);
    if (problem) found.newPassword = words.problems[problem];
    else if (!repeat) found.repeat = words.problems.repeatMissing;
    else if (repeat !== newPassword) found.repeat = words.problems.repeatDiffers;
    if (Object.keys(found).length > 0) return show(found);

    setProblems({});
    setPending(true);
    try {
      const { changePassword } = await import("@/lib/client/account-api");
      const revoked = await changePassword({ currentPassword, newPassword });
      formRef.current?.reset();
      setDone(revoked === 0 ? words.changed.none : countWords(revoked, words.changed));
      // The list of signed-in browsers below has lost the ones just signed out.
      router.refresh();
    } catch (error) {
      const refusal = apiFailure(error);
      if (refusal?.code === "wrong_password") show({ currentPassword: words.problems.wrongPassword });
      else if (refusal?.code === "weak_password" && isNewPasswordProblem(refusal.details.reason)) show({ newPassword: words.problems[refusal.details.reason] });
      else if (refusal?.code === "rate_limited") {
        const seconds = Number(refusal.details.retryAfterSeconds);
        setFailure(countWords(Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 15, words.rateLimited));
      } else setFailure(failureMessage(error, words.errors));
    } finally {
      setPending(false);
    }
  }

  // A field's problem goes as soon as the field is changed.
  const clear = (field: string) =>
    setProblems((shown) => {
      if (!(field in shown)) return shown;
      const rest = { ...shown };
      delete rest[field as Field];
      return rest;
    });

  return (
    <form ref={formRef} onSubmit={onSubmit} onChange={(event) => {
        if (event.target instanceof HTMLInputElement) clear(event.target.name);
      }} noValidate className="max-w-md space-y-4">
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required label={words.current} error={problems.currentPassword} />
      <TextField id="newPassword" name="newPassword" type="password" autoComplete="new-password" required label={words.new} hint={words.newHint} error={problems.newPassword} />
      <TextField id="repeat" name="repeat" type="password" autoComplete="new-password" required label={words.repeat} error={problems.repeat} />
      <FormAlert message={failure} />
      <StatusMessage message={done} />
      <Button type="submit" disabled={pending}>
        {pending && <Spinner />}
        {pending ? words.pending : words.submit}
      </Button>
    </form>
  );
}
