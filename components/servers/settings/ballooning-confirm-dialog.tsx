"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { richWords } from "@/components/ui/words";
import { ApiRequestError } from "@/lib/client/api";
import { apiErrorWords } from "@/lib/client/error-words";
import { useSetBallooning } from "@/lib/client/use-server-mutations";
import { formatMiB } from "@/lib/format";
import { fillWords } from "@/lib/i18n/fill-words";
import type { ServerView } from "@/lib/contracts/servers";
import { useActionWords } from "../action-words";
import type { SettingsWords } from "./settings-words";

type Restart = "now" | "later";

/**
 * Confirms a ballooning change, which takes effect only with a restart: now, or at the next one.
 * Going back to what the server already runs with needs no restart, and says so. When the host cannot
 * guarantee the server's memory, the dialog closes and `onRefused` has the page say why, by the switch.
 */
export function BallooningConfirmDialog({
  server,
  enable,
  words,
  onClose,
  onRefused,
}: {
  server: ServerView;
  enable: boolean;
  words: SettingsWords;
  onClose: () => void;
  onRefused: (message: string) => void;
}) {
  const change = useSetBallooning(server.id);
  const { toast } = useToast();
  const { errors, locale } = useActionWords();
  const { confirm, toasts } = words;
  const withdraw = server.ballooning.pendingRestart && server.ballooning.applied === enable;
  const pending = change.isPending ? change.variables.restart : null;
  const name = { name: server.name };

  function apply(restart: Restart) {
    change.mutate(
      { enabled: enable, restart },
      {
        onSuccess: ({ action }) => {
          onClose();
          // With "now", the progress on the page takes over; the other outcomes are said here.
          if (action) return;
          if (withdraw) toast({ tone: "success", title: toasts.withdrawnTitle, description: enable ? toasts.withdrawnOn : toasts.withdrawnOff });
          else if (restart === "later")
            toast({ tone: "success", title: toasts.savedTitle, description: fillWords(enable ? toasts.savedOn : toasts.savedOff, name) });
          else toast({ tone: "info", title: toasts.unchangedTitle, description: fillWords(enable ? toasts.unchangedOn : toasts.unchangedOff, name) });
        },
        onError: (error) => {
          if (!(error instanceof ApiRequestError) || error.code !== "guaranteed_memory_unavailable") return;
          onClose();
          onRefused(apiErrorWords(error, errors, locale));
        },
      },
    );
  }

  const footer = withdraw ? (
    <>
      <Button variant="secondary" onClick={onClose} disabled={change.isPending}>
        {confirm.cancel}
      </Button>
      <Button onClick={() => apply("later")} disabled={change.isPending}>
        {pending && <Spinner />}
        {confirm.withdraw}
      </Button>
    </>
  ) : (
    <>
      <Button variant="secondary" onClick={onClose} disabled={change.isPending}>
        {confirm.cancel}
      </Button>
      <Button variant="secondary" onClick={() => apply("later")} disabled={change.isPending}>
        {pending === "later" && <Spinner />}
        {confirm.later}
      </Button>
      <Button onClick={() => apply("now")} disabled={change.isPending}>
        {pending === "now" && <Spinner />}
        {confirm.now}
      </Button>
    </>
  );

  return (
    <Dialog
      open
      onClose={onClose}
      busy={change.isPending}
      tone={withdraw ? "default" : "warning"}
      title={withdraw ? (enable ? confirm.keepOnTitle : confirm.keepOffTitle) : enable ? confirm.enableTitle : confirm.disableTitle}
      description={
        withdraw ? (
          <p>{fillWords(enable ? confirm.keepOn : confirm.keepOff, name)}</p>
        ) : (
          <p>{richWords(confirm.restartNeeded, name, "font-medium text-slate-900")}</p>
        )
      }
      footer={footer}
    >
      {!withdraw && (
        <ul className="list-disc space-y-1.5 pl-5 text-sm text-slate-700 marker:text-slate-400">
          {enable ? (
            <>
              <li>{confirm.enableReclaims}</li>
              <li>{confirm.enableFigures}</li>
            </>
          ) : (
            <>
              <li>{fillWords(confirm.disableKeepsMemory, { memory: formatMiB(server.memoryMiB, locale) })}</li>
              <li>{confirm.disableHostView}</li>
            </>
          )}
          <li>{richWords(confirm.laterExplained, {}, "font-medium text-slate-900")}</li>
        </ul>
      )}
      {change.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-600/20">
          {apiErrorWords(change.error, errors, locale)}
        </p>
      )}
    </Dialog>
  );
}
