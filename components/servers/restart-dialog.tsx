"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useServerActivity } from "@/lib/client/use-server-actions";
import { useRestartServer } from "@/lib/client/use-server-mutations";

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
      title={`Restart ${serverName}?`}
      description={
        <p>
          The server shuts down cleanly and starts again; it is unreachable for a minute or two.
          {appliesPendingChange ? " Your saved ballooning change takes effect with this restart." : " Settings waiting for a restart are applied."}
        </p>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={restart.isPending} data-autofocus>
            Cancel
          </Button>
          {/* Another action may have started meanwhile (the 409 below says so): nothing to confirm then. */}
          <Button variant={force ? "danger" : "primary"} onClick={confirm} disabled={restart.isPending || activity.busy}>
            {restart.isPending && <Spinner />}
            {force ? "Force restart" : "Restart"}
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
        <label htmlFor={forceId} className="text-sm">
          <span className="font-medium text-slate-900">Force restart</span>
          <span className="mt-0.5 block text-slate-600">
            Cut the power instead of asking the server to shut down. Use this only when it does not respond: programs get no
            chance to save their work.
          </span>
        </label>
      </div>
      {restart.error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-600/20">
          {restart.error.message}
        </p>
      )}
    </Dialog>
  );
}
