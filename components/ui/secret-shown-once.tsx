"use client";

import { Check, Copy } from "lucide";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "./button";
import { Icon } from "./icon";

// A secret the dashboard answers once and keeps nowhere (a new API token, a reinstalled server's
// root password): shown with a copy button and a plain note that this is the only time; "Done" is
// the caller's, and clears it for good.

export type SecretShownOnceWords = { title: string; once: string; copy: string; copied: string; copyFailed: string; done: string };

/** The secret, this once: focus goes to its copy button, which the note (read with it) says why. */
export function SecretShownOnce({ secret, words, onDone }: { secret: string; words: SecretShownOnceWords; onDone: () => void }) {
  const groupRef = useRef<HTMLDivElement>(null);
  const secretRef = useRef<HTMLElement>(null);
  const ids = useId();
  const [copied, setCopied] = useState<string | null>(null);
  const [copyFailed, setCopyFailed] = useState(false);

  useEffect(() => groupRef.current?.querySelector<HTMLButtonElement>("button[aria-describedby]")?.focus(), []);

  async function copy() {
    setCopied(null);
    setCopyFailed(false);
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(words.copied);
    } catch {
      // No clipboard for this page (a plain-HTTP address, a refused permission): the secret is
      // selected so that the reader's own copy takes it.
      const selection = window.getSelection();
      if (secretRef.current && selection) selection.selectAllChildren(secretRef.current);
      setCopyFailed(true);
    }
  }

  return (
    <div ref={groupRef} role="group" aria-labelledby={`${ids}-title`} className="space-y-4">
      <div className="rounded-lg bg-amber-50 p-4 ring-1 ring-inset ring-amber-600/30">
        <h3 id={`${ids}-title`} className="text-sm font-semibold text-slate-900">
          {words.title}
        </h3>
        <p id={`${ids}-once`} className="mt-1 text-sm text-amber-950">
          {words.once}
        </p>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <code ref={secretRef} className="w-full min-w-0 rounded-md sm:w-auto sm:flex-1 bg-white px-3 py-2 font-mono text-sm break-all text-slate-900 ring-1 ring-inset ring-slate-300">
            {secret}
          </code>
          <Button variant="secondary" onClick={() => void copy()} aria-describedby={`${ids}-once`} className="shrink-0">
            {copied ? <Icon icon={Check} className="size-4 text-emerald-600" /> : <Icon icon={Copy} className="size-4" />}
            {words.copy}
          </Button>
        </div>
        <div role="status" aria-live="polite" className="mt-2 text-sm">
          {copied && <p className="text-emerald-800">{copied}</p>}
          {copyFailed && <p className="text-red-800">{words.copyFailed}</p>}
        </div>
      </div>
      <Button onClick={onDone}>{words.done}</Button>
    </div>
  );
}
