"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { apiErrorWords } from "@/lib/client/error-words";
import { useServerActivity } from "@/lib/client/use-server-actions";
import { useRestartServer } from "@/lib/client/use-server-mutations";
import { fillWords } from "@/lib/i18n/fill-words";
import { useActionWords } from "./action-words";

/** The restart's confirmation (restart-button.tsx opens it): graceful unless "force" is ticked. */
export function RestartDialog({
  serverId,
  serverName,
  appliesPendingChange,
  onClose,
}: {
  serverId: string;
  serverName: string;
  appliesPendingChange: boolean;
  onClose: () => void;
}) {
  const words = useActionWords();
  const { dialog } = words.actions.restart;
  const activity = useServerActivity(serverId);
  const restart = useRestartServer(serverId);
  const [force, setForce] = useState(false);
  const forceId = useId();

  function confirm() {
    restart.mutate(force ? "force" : "graceful", { onSuccess: onClose });
  }

  return (
    <Dialog
      open
      onClose={onClose}
      busy={restart.isPending}
      title={fillWords(dialog.title, { name: serverName })}
      description={
        <p>
          {dialog.description} {appliesPendingChange ? dialog.appliesPendingChange : dialog.appliesSettings}
        </p>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={restart.isPending} data-autofocus>
            {dialog.cancel}
          </Button>
          {/* Another action may have started meanwhile (the 409 below says so): nothing to confirm then. */}
          <Button variant={force ? "danger" : "primary"} onClick={confirm} disabled={restart.isPending || activity.busy}>
            {restart.isPending && <Spinner />}
            {force ? dialog.forceRestart : dialog.restart}
          </Button>
        </>
      }
    >
      <div className="flex items-start gap-3 rounded-lg bg-slate-50 px-3 py-2.5 ring-1 ring-inset ring-slate-200">
        <input
          id={forceId}
          type="checkbox"
          checked={force}
          onChange={(event) => setForce(event.target.checked)}
          className="mt-0.5 size-4 shrink-0 accent-red-600"
        />
        <label htmlFor={forceId} className="min-w-0 text-sm">
          <span className="font-medium text-slate-900">{dialog.forceRestart}</span>
          <span className="mt-0.5 block text-slate-600">{dialog.forceExplained}</span>
        </label>
      </div>
      {restart.error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-600/20">
          {apiErrorWords(restart.error, words.errors, words.locale)}
        </p>
      )}
    </Dialog>
  );
}
