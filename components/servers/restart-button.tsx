"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useRestartServer, useServerActivity } from "@/lib/client/use-server-actions";

// Restart with a confirmation: graceful by default, "force" on request. While any action runs for
// the server the button is unavailable and says how far that action has come.

type RestartButtonProps = {
  serverId: string;
  serverName: string;
  label?: string;
  variant?: "primary" | "secondary";
  /** A settings change waits for a restart: say that this restart applies it. */
  appliesPendingChange?: boolean;
};

export function RestartButton({ serverId, serverName, label = "Restart", variant = "secondary", appliesPendingChange = false }: RestartButtonProps) {
  const activity = useServerActivity(serverId);
  const restart = useRestartServer(serverId);
  const [open, setOpen] = useState(false);
  const [force, setForce] = useState(false);
  const forceId = useId();

  const unavailable = activity.busy || activity.loading;
  const current = activity.busy ? activity.action : undefined;
  const busyLabel =
    current?.status === "running" ? `${current.command === "reinstall" ? "Reinstalling" : "Restarting"} · ${current.progress}%` : "Waiting for host…";

  function openDialog() {
    if (unavailable) return;
    setForce(false);
    restart.reset();
    setOpen(true);
  }

  function confirm() {
    restart.mutate(force ? "force" : "graceful", { onSuccess: () => setOpen(false) });
  }

  return (
    <>
      <Button
        variant={variant}
        onClick={openDialog}
        aria-disabled={unavailable || undefined}
        className={unavailable ? "cursor-not-allowed opacity-60" : ""}
      >
        {activity.busy ? <Spinner /> : <RestartIcon />}
        <span className="tabular-nums">{activity.busy ? busyLabel : label}</span>
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
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
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={restart.isPending} data-autofocus>
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
    </>
  );
}

function RestartIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-4">
      <path
        fillRule="evenodd"
        d="M15.312 11.424a5.5 5.5 0 0 1-9.201 2.466l-.312-.311h2.433a.75.75 0 0 0 0-1.5H3.989a.75.75 0 0 0-.75.75v4.242a.75.75 0 0 0 1.5 0v-2.43l.31.31a7 7 0 0 0 11.712-3.138.75.75 0 0 0-1.449-.39Zm1.23-3.723a.75.75 0 0 0 .219-.53V2.929a.75.75 0 0 0-1.5 0V5.36l-.31-.31A7 7 0 0 0 3.239 8.188a.75.75 0 1 0 1.448.389A5.5 5.5 0 0 1 13.89 6.11l.311.31h-2.432a.75.75 0 0 0 0 1.5h4.243a.75.75 0 0 0 .53-.219Z"
        clipRule="evenodd"
      />
    </svg>
  );
}
