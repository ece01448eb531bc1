"use client";

import { Badge } from "@/components/ui/badge";
import type { ServerView } from "@/lib/servers/server-view";
import { RestartButton } from "../restart-button";

/** A saved change that waits for a restart, with the restart that applies it. */
export function PendingRestartNotice({ server }: { server: ServerView }) {
  const onOff = (on: boolean) => (on ? "on" : "off");
  return (
    <div className="flex flex-col gap-3 rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-inset ring-amber-600/30 sm:flex-row sm:items-center sm:justify-between">
      <div className="text-sm text-amber-950">
        <Badge tone="warning" dot>
          Pending restart
        </Badge>
        <p className="mt-1.5">
          Ballooning will be <strong className="font-semibold">{onOff(server.ballooning.enabled)}</strong> after the next restart. Until
          then, {server.name} keeps running with ballooning {onOff(!server.ballooning.enabled)}.
        </p>
      </div>
      <div className="shrink-0">
        <RestartButton serverId={server.id} serverName={server.name} label="Restart now" variant="primary" appliesPendingChange />
      </div>
    </div>
  );
}
