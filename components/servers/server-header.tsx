"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useToast } from "@/components/ui/toast";
import type { ActionView } from "@/lib/contracts/actions";
import { isActionActive } from "@/lib/client/api";
import { useServer, useServerActivity } from "@/lib/client/use-server-actions";
import { formatMiB, imageName } from "@/lib/format";
import type { ServerView } from "@/lib/contracts/servers";
import { actionTitle } from "./action-titles";
import { RestartButton } from "./restart-button";
import { ServerStatusBadge } from "./server-status-badge";
import { ServerTabs } from "./server-tabs";
import { VirtualizationBadge } from "./virtualization-badge";

/** The server's name, live status and restart control, on every tab (it lives in the layout). */
export function ServerHeader({ server: initial }: { server: ServerView }) {
  const server = useServer(initial.id, initial).data;
  useOutcomeToasts(server);
  return (
    <header>
      <Link href="/servers" className="text-sm font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
        ← All servers
      </Link>
      <div className="mt-3 flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{server.name}</h1>
            <ServerStatusBadge status={server.status} />
            <VirtualizationBadge virtualization={server.virtualization} />
          </div>
          <p className="mt-1 text-sm text-slate-600">
            {formatMiB(server.memoryMiB)} memory · {server.vcpus} vCPU · {imageName(server.image)}
          </p>
        </div>
        <RestartButton serverId={server.id} serverName={server.name} appliesPendingChange={server.ballooning.pendingRestart} />
      </div>
      <ServerTabs serverId={server.id} />
    </header>
  );
}

/**
 * A toast when an action seen in progress ends, and a refresh of the server-rendered parts (memory
 * card, summaries). Here because the layout keeps it mounted across the server's tabs.
 */
function useOutcomeToasts(server: ServerView) {
  const { action } = useServerActivity(server.id);
  const { toast } = useToast();
  const router = useRouter();
  const seenInProgress = useRef(new Set<string>());

  useEffect(() => {
    if (!action) return;
    if (isActionActive(action)) {
      seenInProgress.current.add(action.id);
      return;
    }
    if (!seenInProgress.current.delete(action.id)) return;
    toast({ id: `action-${action.id}`, ...outcomeMessage(action, server) });
    router.refresh();
  }, [action, server, toast, router]);
}

function outcomeMessage(action: ActionView, server: ServerView): { title: string; description: string; tone: "success" | "error" } {
  if (action.command === "reinstall") {
    return action.status === "success"
      ? { tone: "success", title: "Reinstalled on KVM", description: `${server.name} now runs on KVM, with ballooning on.` }
      : {
          tone: "error",
          title: "The reinstall did not finish",
          description: action.error?.message || "The host reported a problem. Your server was not switched over; you can try again.",
        };
  }
  if (action.status === "error") {
    return { tone: "error", title: actionTitle(action), description: action.error?.message || "The host reported a problem. You can try again." };
  }
  // `server` is still the copy from before the restart: a pending change was applied by it.
  const applied = action.command === "apply_settings" || server.ballooning.pendingRestart;
  const description = applied
    ? `${server.name} restarted and now runs with ballooning ${server.ballooning.enabled ? "on" : "off"}.`
    : `${server.name} is back up.`;
  return { tone: "success", title: actionTitle(action), description };
}
