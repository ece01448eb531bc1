"use client";

import { RotateCw } from "lucide";
import { Icon } from "@/components/ui/icon";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { useServerActivity } from "@/lib/client/use-server-actions";
import { fillWords } from "@/lib/i18n/fill-words";
import { useActionWords } from "./action-words";

// Restart with a confirmation: graceful by default, "force" on request. While any action runs for
// the server the button is unavailable and says how far that action has come. Its words come from
// the nearest ActionWordsScope (action-words.tsx).

// The confirmation is fetched when it is first opened: every server page shows this button, few
// visits restart.
const RestartDialog = dynamic(() => import("./restart-dialog").then((module) => module.RestartDialog), { ssr: false });

type RestartButtonProps = {
  serverId: string;
  serverName: string;
  /** Instead of "Restart": what this restart is for ("Try again"). */
  label?: string;
  variant?: "primary" | "secondary";
  /** A settings change waits for a restart: say that this restart applies it. */
  appliesPendingChange?: boolean;
};

export function RestartButton({ serverId, serverName, label, variant = "secondary", appliesPendingChange = false }: RestartButtonProps) {
  const { restart, progress } = useActionWords().actions;
  const activity = useServerActivity(serverId);
  const [open, setOpen] = useState(false);

  const unavailable = activity.busy || activity.loading;
  const current = activity.busy ? activity.action : undefined;
  const busyLabel =
    current?.status === "running"
      ? fillWords(current.command === "reinstall" ? restart.reinstalling : restart.restarting, { progress: fillWords(progress.percent, { value: current.progress }) })
      : restart.waitingForHost;

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
        {activity.busy ? <Spinner /> : <Icon icon={RotateCw} className="size-4" />}
        <span className="tabular-nums">{activity.busy ? busyLabel : (label ?? restart.label)}</span>
      </Button>
      {/* Mounted afresh on each opening: unticked, with no error from the last time. */}
      {open && <RestartDialog serverId={serverId} serverName={serverName} appliesPendingChange={appliesPendingChange} onClose={() => setOpen(false)} />}
    </>
  );
}
