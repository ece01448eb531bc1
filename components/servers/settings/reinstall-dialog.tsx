"use client";

import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { richWords } from "@/components/ui/words";
import { ApiRequestError } from "@/lib/client/api";
import { apiErrorWords } from "@/lib/client/error-words";
import { useReinstallServer } from "@/lib/client/use-server-mutations";
import type { ServerView } from "@/lib/contracts/servers";
import { fillWords } from "@/lib/i18n/fill-words";
import { useActionWords } from "../action-words";
import type { SettingsWords } from "./settings-words";

export type ImageChoice = { id: string; name: string };

/**
 * Confirms the reinstall of an LXC server on KVM: the image to install, a plain warning that every
 * file on the server is erased, and the server's name typed out, which unlocks the button. A refusal
 * is said in the words for its code (the errors messages); nothing was changed in any of those cases.
 */
export function ReinstallDialog({
  server,
  images,
  words,
  onClose,
}: {
  server: ServerView;
  images: ImageChoice[];
  words: SettingsWords["reinstall"]["dialog"];
  onClose: () => void;
}) {
  const { errors, locale } = useActionWords();
  const reinstall = useReinstallServer(server.id);
  const [image, setImage] = useState(() => (images.some((choice) => choice.id === server.image) ? server.image : (images[0]?.id ?? "")));
  const [typed, setTyped] = useState("");
  const formId = useId();
  const nameId = useId();
  const hintId = useId();
  const errorId = useId();

  const matches = typed === server.name;
  const ready = matches && image !== "" && !reinstall.isPending;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    reinstall.mutate({ image, confirmName: typed }, { onSuccess: onClose });
  }

  return (
    <Dialog
      open
      onClose={onClose}
      busy={reinstall.isPending}
      tone="danger"
      title={fillWords(words.title, { name: server.name })}
      description={<p>{fillWords(words.description, { name: server.name })}</p>}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={reinstall.isPending}>
            {words.cancel}
          </Button>
          <Button type="submit" form={formId} variant="danger" disabled={!ready}>
            {reinstall.isPending && <Spinner />}
            {words.confirm}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-5">
        <div role="note" className="rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-900 ring-1 ring-inset ring-red-600/25">
          <p className="font-semibold">{fillWords(words.eraseTitle, { name: server.name })}</p>
          <p className="mt-1">{words.eraseBody}</p>
        </div>

        <fieldset>
          <legend className="text-sm font-medium text-slate-900">{words.operatingSystem}</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {images.map((choice) => (
              <label
                key={choice.id}
                className="flex cursor-pointer items-center gap-2.5 rounded-lg px-3 py-2.5 text-sm text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 has-checked:bg-indigo-50 has-checked:font-medium has-checked:text-indigo-950 has-checked:ring-2 has-checked:ring-indigo-600 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600"
              >
                <input
                  type="radio"
                  name="image"
                  value={choice.id}
                  checked={image === choice.id}
                  onChange={() => setImage(choice.id)}
                  disabled={reinstall.isPending}
                  data-autofocus={image === choice.id || undefined}
                  className="size-4 shrink-0 accent-indigo-600 focus:outline-none"
                />
                {choice.name}
              </label>
            ))}
          </div>
        </fieldset>

        <div>
          <label htmlFor={nameId} className="block break-words text-sm font-medium text-slate-900">
            {richWords(words.typeName, { name: <span className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-900">{server.name}</span> })}
          </label>
          <input
            id={nameId}
            type="text"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            disabled={reinstall.isPending}
            autoComplete="off"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            aria-describedby={reinstall.error ? `${hintId} ${errorId}` : hintId}
            aria-invalid={reinstall.error instanceof ApiRequestError && reinstall.error.code === "confirmation_mismatch" && !matches ? true : undefined}
            className="mt-1.5 block w-full rounded-lg border-0 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-400 placeholder:text-slate-500 focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-slate-50"
          />
          <p id={hintId} className="mt-1.5 text-sm text-slate-600">
            {typed === "" || matches ? words.nameHint : words.nameMismatch}
          </p>
        </div>

        {reinstall.error && (
          <p id={errorId} role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-600/20">
            {apiErrorWords(reinstall.error, errors, locale)}
          </p>
        )}
      </form>
    </Dialog>
  );
}

