"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useServerActivity } from "@/lib/client/use-server-actions";

// Restart with a confirmation: graceful by default, "force" on request. While any action runs for
// the server the button is unavailable and says how far that action has come.

// The confirmation is fetched when it is first opened: every server page shows this button, few
// visits restart.
const RestartDialog = dynamic(() => import("./restart-dialog").then((module) => module.RestartDialog), { ssr: false });

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
  const [open, setOpen] = useState(false);

  const unavailable = activity.busy || activity.loading;
  const current = activity.busy ? activity.action : undefined;
  const busyLabel =
    current?.status === "running" ? `${current.command === "reinstall" ? "Reinstalling" : "Restarting"} · ${current.progress}%` : "Waiting for host…";

  function openDialog() {
    if (unavailable) return;
    setOpen(true);
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
      {/* Mounted afresh on each opening: unticked, with no error from the last time. */}
      {open && <RestartDialog serverId={serverId} serverName={serverName} appliesPendingChange={appliesPendingChange} onClose={() => setOpen(false)} />}
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
