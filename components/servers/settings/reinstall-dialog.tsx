"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SecretShownOnce } from "@/components/ui/secret-shown-once";
import { Spinner } from "@/components/ui/spinner";
import { TextAreaField } from "@/components/ui/text-field";
import { richWords } from "@/components/ui/words";
import { ApiRequestError } from "@/lib/client/api";
import { apiErrorWords } from "@/lib/client/error-words";
import { useReinstallServer } from "@/lib/client/use-server-mutations";
import type { ServerView } from "@/lib/contracts/servers";
import { fillWords } from "@/lib/i18n/fill-words";
import { useActionWords } from "../action-words";
import type { SettingsWords } from "./settings-words";

export type ImageChoice = { id: string; name: string };

/** One line: a key type OpenSSH knows, then its base64 (a comment may follow). */
const LOOKS_LIKE_A_KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) +[A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/;

/**
 * Confirms the reinstall of an LXC server on KVM: the image to install, how the customer will log in
 * (their SSH key, or a root password generated for them), a plain warning that every file on the
 * server is erased, and the server's name typed out, which unlocks the button. A refusal is said in
 * the words for its code (the errors messages); nothing was changed in any of those cases. A generated
 * password comes back once with the queued reinstall: the dialog then shows it, and forgets it when
 * closed.
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
  const [method, setMethod] = useState<"ssh_key" | "generated_password">("ssh_key");
  const [publicKey, setPublicKey] = useState("");
  const [keyProblem, setKeyProblem] = useState<string | null>(null);
  const [rootPassword, setRootPassword] = useState<string | null>(null);
  const keyRef = useRef<HTMLTextAreaElement>(null);
  const formId = useId();
  const keyId = useId();
  const nameId = useId();
  const hintId = useId();
  const errorId = useId();

  const matches = typed === server.name;
  const ready = matches && image !== "" && !reinstall.isPending;

  const keyRefused = reinstall.error instanceof ApiRequestError && reinstall.error.code === "invalid_ssh_key";

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    if (method === "ssh_key") {
      // The dashboard parses the key itself (and says what is wrong); this catches only what needs no round trip.
      const problem = publicKey.trim() === "" ? words.publicKeyMissing : LOOKS_LIKE_A_KEY.test(publicKey.trim()) ? null : words.publicKeyMalformed;
      setKeyProblem(problem);
      if (problem) {
        keyRef.current?.focus();
        return;
      }
    }
    const login = method === "ssh_key" ? { method, publicKey: publicKey.trim() } : { method };
    reinstall.mutate(
      { image, confirmName: typed, login },
      {
        onSuccess: (answer) => (answer.rootPassword ? setRootPassword(answer.rootPassword) : onClose()),
        onError: (error) => error instanceof ApiRequestError && error.code === "invalid_ssh_key" && keyRef.current?.focus(),
      },
    );
  }

  if (rootPassword) {
    return (
      <Dialog open onClose={onClose} title={fillWords(words.password.title, { name: server.name })} footer={null}>
        <SecretShownOnce secret={rootPassword} words={{ ...words.password, title: words.password.heading }} onDone={onClose} />
      </Dialog>
    );
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

        <fieldset>
          <legend className="text-sm font-medium text-slate-900">{words.login}</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {(["ssh_key", "generated_password"] as const).map((choice) => (
              <label
                key={choice}
                className="flex cursor-pointer items-start gap-2.5 rounded-lg px-3 py-2.5 text-sm text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 has-checked:bg-indigo-50 has-checked:text-indigo-950 has-checked:ring-2 has-checked:ring-indigo-600 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600"
              >
                <input
                  type="radio"
                  name="login"
                  value={choice}
                  checked={method === choice}
                  onChange={() => setMethod(choice)}
                  disabled={reinstall.isPending}
                  className="mt-0.5 size-4 shrink-0 accent-indigo-600 focus:outline-none"
                />
                <span className="min-w-0">
                  <span className="block font-medium">{choice === "ssh_key" ? words.loginKey : words.loginPassword}</span>
                  <span className="mt-0.5 block text-slate-600">{choice === "ssh_key" ? words.loginKeyHint : words.loginPasswordHint}</span>
                </span>
              </label>
            ))}
          </div>
          {method === "ssh_key" && (
            <div className="mt-3">
              <TextAreaField
                ref={keyRef}
                id={keyId}
                name="publicKey"
                label={words.publicKey}
                hint={words.publicKeyHint}
                error={keyProblem ?? (keyRefused && reinstall.error ? apiErrorWords(reinstall.error, errors, locale) : undefined)}
                value={publicKey}
                onChange={(event) => {
                  setPublicKey(event.target.value);
                  // A new key is judged afresh: the earlier one's problem no longer stands.
                  setKeyProblem(null);
                  if (keyRefused) reinstall.reset();
                }}
                rows={3}
                disabled={reinstall.isPending}
                autoComplete="off"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                placeholder={words.publicKeyPlaceholder}
              />
            </div>
          )}
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

        {reinstall.error && !keyRefused && (
          <p id={errorId} role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-600/20">
            {apiErrorWords(reinstall.error, errors, locale)}
          </p>
        )}
      </form>
    </Dialog>
  );
}

