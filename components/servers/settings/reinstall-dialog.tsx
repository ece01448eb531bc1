"use client";

import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { ApiRequestError } from "@/lib/client/api";
import { useReinstallServer } from "@/lib/client/use-server-mutations";
import type { ServerView } from "@/lib/contracts/servers";

export type ImageChoice = { id: string; name: string };

/**
 * Confirms the reinstall of an LXC server on KVM: the image to install, a plain warning that every
 * file on the server is erased, and the server's name typed out, which unlocks the button.
 */
export function ReinstallDialog({ server, images, onClose }: { server: ServerView; images: ImageChoice[]; onClose: () => void }) {
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
      title={`Reinstall ${server.name} on KVM?`}
      description={
        <p>
          {server.name} is recreated on KVM with a fresh operating system and ballooning on. It keeps its name and plan, and is
          offline until the reinstall has finished, usually within a few minutes.
        </p>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={reinstall.isPending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="danger" disabled={!ready}>
            {reinstall.isPending && <Spinner />}
            Erase and reinstall
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-5">
        <div role="note" className="rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-900 ring-1 ring-inset ring-red-600/25">
          <p className="font-semibold">All data on {server.name} will be erased.</p>
          <p className="mt-1">
            Files, databases, users and settings on the server are deleted and cannot be recovered. Back up anything you want to keep
            before you continue.
          </p>
        </div>

        <fieldset>
          <legend className="text-sm font-medium text-slate-900">Operating system</legend>
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
          <label htmlFor={nameId} className="block text-sm font-medium text-slate-900">
            Type <span className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-900">{server.name}</span> to confirm
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
            {typed === "" || matches ? "The name must match exactly, including capital letters." : "This does not match the server's name yet."}
          </p>
        </div>

        {reinstall.error && (
          <p id={errorId} role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-600/20">
            {reinstallErrorMessage(reinstall.error)}
          </p>
        )}
      </form>
    </Dialog>
  );
}

/** The API's refusals, in the customer's words; nothing was changed in any of these cases. */
function reinstallErrorMessage(error: Error): string {
  if (!(error instanceof ApiRequestError)) return error.message;
  switch (error.code) {
    case "unknown_image":
      return "That operating system can no longer be chosen. Pick another one and try again. Nothing was changed.";
    case "confirmation_mismatch":
    case "already_on_kvm":
    case "kvm_name_taken":
    case "action_in_progress":
      return `${error.message.replace(/\.?$/, ".")} Nothing was changed.`;
    default:
      return error.message;
  }
}
