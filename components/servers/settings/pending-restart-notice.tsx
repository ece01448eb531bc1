"use client";

import { Badge } from "@/components/ui/badge";
import type { ServerView } from "@/lib/contracts/servers";
import { useLatestActions } from "@/lib/client/use-server-actions";
import { RestartButton } from "../restart-button";

/**
 * A saved change that waits for a restart, with the restart that applies it. When the last restart
 * tried to apply it and failed (and was undone), it says so: the wish is kept, but it is not in effect.
 */
export function PendingRestartNotice({ server }: { server: ServerView }) {
  const onOff = (on: boolean) => (on ? "on" : "off");
  const lastRestart = useLatestActions(server.id).data?.find((action) => action.command !== "reinstall");
  const lastFailed = lastRestart?.status === "error";
  return (
    <div className="flex flex-col gap-3 rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-inset ring-amber-600/30 sm:flex-row sm:items-center sm:justify-between">
      <div className="text-sm text-amber-950">
        <Badge tone="warning" dot>
          {lastFailed ? "Not applied" : "Pending restart"}
        </Badge>
        {lastFailed ? (
          <p className="mt-1.5">
            You chose ballooning <strong className="font-semibold">{onOff(server.ballooning.enabled)}</strong>, but the last attempt to apply it
            did not succeed, so {server.name} still runs with ballooning {onOff(!server.ballooning.enabled)}. Your choice is kept: restart to try
            again, or switch the setting back.
          </p>
        ) : (
          <p className="mt-1.5">
            Ballooning will be <strong className="font-semibold">{onOff(server.ballooning.enabled)}</strong> after the next restart. Until then,{" "}
            {server.name} keeps running with ballooning {onOff(!server.ballooning.enabled)}.
          </p>
        )}
      </div>
      <div className="shrink-0">
        <RestartButton serverId={server.id} serverName={server.name} label={lastFailed ? "Try again" : "Restart now"} variant="primary" appliesPendingChange />
      </div>
    </div>
  );
}
