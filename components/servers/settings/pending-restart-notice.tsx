"use client";

import { Badge } from "@/components/ui/badge";
import { richWords } from "@/components/ui/words";
import type { ServerView } from "@/lib/contracts/servers";
import { useLatestActions } from "@/lib/client/use-server-actions";
import { RestartButton } from "../restart-button";
import type { SettingsWords } from "./settings-words";

/**
 * A saved change that waits for a restart, with the restart that applies it. When the last restart
 * tried to apply it and failed (and was undone), it says so: the wish is kept, but it is not in effect.
 */
export function PendingRestartNotice({ server, words }: { server: ServerView; words: SettingsWords["pending"] }) {
  const lastRestart = useLatestActions(server.id).data?.find((action) => action.command !== "reinstall");
  const lastFailed = lastRestart?.status === "error";
  const on = server.ballooning.enabled;
  const message = lastFailed ? (on ? words.notAppliedOn : words.notAppliedOff) : on ? words.willBeOn : words.willBeOff;
  return (
    <div className="flex flex-col gap-3 rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-inset ring-amber-600/30 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0 break-words text-sm text-amber-950">
        <Badge tone="warning" dot>
          {lastFailed ? words.notAppliedBadge : words.badge}
        </Badge>
        <p className="mt-1.5">{richWords(message, { name: server.name })}</p>
      </div>
      <div className="shrink-0">
        <RestartButton serverId={server.id} serverName={server.name} label={lastFailed ? words.tryAgain : words.restartNow} variant="primary" appliesPendingChange />
      </div>
    </div>
  );
}
