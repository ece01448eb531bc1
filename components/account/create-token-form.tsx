"use client";

import { KeyRound } from "lucide";
import { Icon } from "@/components/ui/icon";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { apiFailure, failureMessage, type FailureWords } from "./failure";
import { FormAlert } from "@/components/ui/form-alert";
import { SecretShownOnce } from "@/components/ui/secret-shown-once";
import { StatusMessage, TextField } from "@/components/ui/text-field";

// API tokens → Create a token: a name, what it may do (read only is the default: the least a
// script needs), and when it expires. The secret is answered once: it is shown here with a copy
// button, and said plainly to be shown this once; "Done" clears it for good.

export type CreateTokenWords = {
  name: string;
  nameHint: string;
  nameMissing: string;
  nameTooLong: string;
  scope: string;
  read: string;
  readHint: string;
  readWrite: string;
  readWriteHint: string;
  expiry: string;
  expiryHint: string;
  never: string;
  days30: string;
  days90: string;
  year: string;
  custom: string;
  date: string;
  dateHint: string;
  dateInvalid: string;
  submit: string;
  pending: string;
  secret: { title: string; created: string; once: string; copy: string; copied: string; copyFailed: string; done: string };
  errors: FailureWords;
};

/** As the API takes it (lib/contracts/api-tokens.ts). */
const NAME_MAX_LENGTH = 100;
const DAY_MS = 24 * 60 * 60_000;
const EXPIRIES = ["never", "days30", "days90", "year", "custom"] as const;
type Expiry = (typeof EXPIRIES)[number];
const EXPIRY_DAYS: Partial<Record<Expiry, number>> = { days30: 30, days90: 90, year: 365 };

/** A date input's value (yyyy-mm-dd) for the day `days` from today, in the reader's time zone. */
function dayFromToday(days: number): string {
  const day = new Date(Date.now() + days * DAY_MS);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
}

/** The end of the chosen day in the reader's time zone; null unless it is from tomorrow to a year ahead. */
function endOfDay(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < dayFromToday(1) || value > dayFromToday(365)) return null;
  const end = new Date(`${value}T23:59:59`);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}

type Problems = { name?: string; date?: string };

export function CreateTokenForm({ words }: { words: CreateTokenWords }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [expiry, setExpiry] = useState<Expiry>("never");
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const ids = useId();
  const shownSecret = useRef(false);
  const scopeHintId = (scope: string) => `${ids}-${scope}-hint`;

  // Back from the secret ("Done"): focus goes to the form's first field, ready for another token.
  useEffect(() => {
    if (secret) shownSecret.current = true;
    else if (shownSecret.current) formRef.current?.querySelector<HTMLInputElement>("input[name=name]")?.focus();
  }, [secret]);

  function show(found: Problems) {
    setProblems(found);
    const first = found.name ? "name" : found.date ? "expiryDate" : null;
    const input = first ? formRef.current?.elements.namedItem(first) : null;
    if (input instanceof HTMLInputElement) input.focus();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const scope = form.get("scope") === "read_write" ? "read_write" : "read";
    const days = EXPIRY_DAYS[expiry];
    const expiresAt = expiry === "custom" ? endOfDay(String(form.get("expiryDate") ?? "")) : days ? new Date(Date.now() + days * DAY_MS).toISOString() : null;
    setFailure(null);
    setStatus(null);

    const found: Problems = {};
    if (!name) found.name = words.nameMissing;
    else if (name.length > NAME_MAX_LENGTH) found.name = words.nameTooLong;
    if (expiry === "custom" && !expiresAt) found.date = words.dateInvalid;
    if (found.name || found.date) return show(found);

    setProblems({});
    setPending(true);
    try {
      const { createApiToken } = await import("@/lib/client/account-api");
      const created = await createApiToken({ name, scope, expiresAt });
      setSecret(created.secret);
      setStatus(words.secret.created);
      setExpiry("never");
      // The list below shows the new token.
      router.refresh();
    } catch (error) {
      const refusal = apiFailure(error);
      const fields = refusal?.code === "invalid_input" && Array.isArray(refusal.details.fields) ? (refusal.details.fields as { field?: unknown }[]).map(({ field }) => field) : [];
      if (fields.includes("name")) show({ name: words.nameMissing });
      else if (fields.includes("expiresAt")) show({ date: words.dateInvalid });
      else setFailure(failureMessage(error, words.errors));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      {/* Outside the two views, so that it is in the page before the message goes into it. */}
      <StatusMessage message={status} />
      {secret ? (
        <SecretShownOnce
          secret={secret}
          words={words.secret}
          onDone={() => {
            setSecret(null);
            setStatus(null);
          }}
        />
      ) : (
        <form
          ref={formRef}
          onSubmit={onSubmit}
          onChange={(event) => {
            const field = event.target instanceof HTMLInputElement ? event.target.name : "";
            if (field === "name" || field === "expiryDate") setProblems((shown) => ({ ...shown, [field === "name" ? "name" : "date"]: undefined }));
          }}
          noValidate
          className="space-y-5"
        >
          <div className="max-w-md">
            <TextField id={`${ids}-name`} name="name" type="text" autoComplete="off" required maxLength={NAME_MAX_LENGTH} label={words.name} hint={words.nameHint} error={problems.name} />
          </div>

          <fieldset>
            <legend className="text-sm font-medium text-slate-800">{words.scope}</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {(["read", "read_write"] as const).map((scope) => (
                <label
                  key={scope}
                  className="flex cursor-pointer items-start gap-3 rounded-lg px-3 py-2.5 text-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 has-checked:bg-indigo-50 has-checked:ring-2 has-checked:ring-indigo-600 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600"
                >
                  <input type="radio" name="scope" value={scope} defaultChecked={scope === "read"} aria-describedby={scopeHintId(scope)} className="mt-0.5 size-4 shrink-0 accent-indigo-600 focus:outline-none" />
                  <span className="min-w-0">
                    <span className="block font-medium text-slate-900">{scope === "read" ? words.read : words.readWrite}</span>
                    <span id={scopeHintId(scope)} className="mt-0.5 block text-slate-600">
                      {scope === "read" ? words.readHint : words.readWriteHint}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>

          <div className="flex max-w-md flex-col gap-4">
            <div>
              <label htmlFor={`${ids}-expiry`} className="block text-sm font-medium text-slate-800">
                {words.expiry}
              </label>
              <select
                id={`${ids}-expiry`}
                name="expiry"
                value={expiry}
                onChange={(event) => {
                  setExpiry(event.target.value as Expiry);
                  setProblems((shown) => ({ ...shown, date: undefined }));
                }}
                aria-describedby={`${ids}-expiry-hint`}
                className="mt-1.5 block w-full rounded-lg border-0 bg-white px-3 py-2 text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none sm:text-sm"
              >
                {EXPIRIES.map((choice) => (
                  <option key={choice} value={choice}>
                    {words[choice]}
                  </option>
                ))}
              </select>
              <p id={`${ids}-expiry-hint`} className="mt-1.5 text-xs text-slate-600">
                {words.expiryHint}
              </p>
            </div>
            {expiry === "custom" && (
              <TextField id={`${ids}-date`} name="expiryDate" type="date" required min={dayFromToday(1)} max={dayFromToday(365)} label={words.date} hint={words.dateHint} error={problems.date} />
            )}
          </div>

          <FormAlert message={failure} />
          <Button type="submit" disabled={pending}>
            {pending ? <Spinner /> : <Icon icon={KeyRound} className="size-4" />}
            {pending ? words.pending : words.submit}
          </Button>
        </form>
      )}
    </div>
  );
}
