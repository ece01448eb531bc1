"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useToast } from "@/components/ui/toast";
import type { ActionView } from "@/lib/contracts/actions";
import { isActionActive } from "@/lib/client/api";
import { useServer, useServerActivity } from "@/lib/client/use-server-actions";
import { formatMiB, imageName } from "@/lib/format";
import { fillWords } from "@/lib/i18n/fill-words";
import type { Locale } from "@/lib/i18n/locales";
import type { ServerView } from "@/lib/contracts/servers";
import { actionErrorWords } from "./action-status-line";
import { titleOf } from "./action-titles";
import { useActionWords, type ActionWords } from "./action-words";
import { StatusBadgeView } from "./badge-views";
import { RestartButton } from "./restart-button";
import { useServerPageWords } from "./server-page-words";
import { ServerTabs } from "./server-tabs";
import { VirtualizationBadge } from "./virtualization-badge";
import type { HeaderWords } from "./words";

/** The server's name, live status and restart control, on every tab (it lives in the layout). */
export function ServerHeader({ server: initial, words, locale }: { server: ServerView; words: HeaderWords; locale: Locale }) {
  const server = useServer(initial.id, initial).data;
  const { badges } = useServerPageWords();
  useOutcomeToasts(server, words.outcome);
  return (
    <header>
      <Link href="/servers" className="text-sm font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
        ← {words.allServers}
      </Link>
      <div className="mt-3 flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="break-words text-2xl font-semibold tracking-tight text-slate-900">{server.name}</h1>
            <StatusBadgeView status={server.status} words={badges.status} />
            <VirtualizationBadge virtualization={server.virtualization} words={badges.virtualization} />
          </div>
          <p className="mt-1 text-sm text-slate-600">
            {fillWords(words.summary, { memory: formatMiB(server.memoryMiB, locale), vcpus: server.vcpus, image: imageName(server.image, words.importedImage) })}
          </p>
        </div>
        <RestartButton serverId={server.id} serverName={server.name} appliesPendingChange={server.ballooning.pendingRestart} />
      </div>
      <ServerTabs serverId={server.id} words={words.tabs} />
    </header>
  );
}

/**
 * A toast when an action seen in progress ends, and a refresh of the server-rendered parts (memory
 * card, summaries). Here because the layout keeps it mounted across the server's tabs.
 */
function useOutcomeToasts(server: ServerView, words: HeaderWords["outcome"]) {
  const actionWords = useActionWords();
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
    toast({ id: `action-${action.id}`, ...outcomeMessage(action, server, words, actionWords) });
    router.refresh();
  }, [action, server, toast, router, words, actionWords]);
}

function outcomeMessage(action: ActionView, server: ServerView, words: HeaderWords["outcome"], actionWords: ActionWords): { title: string; description: string; tone: "success" | "error" } {
  const name = server.name;
  const title = titleOf(action, actionWords.actions);
  if (action.status === "error") {
    // Why, in the reader's words: the failed step and what became of the server (action-status-line.ts).
    return { tone: "error", title, description: actionErrorWords(action, actionWords) };
  }
  if (action.command === "reinstall") return { tone: "success", title, description: fillWords(words.reinstalledText, { name }) };
  // `server` is still the copy from before the restart: a pending change was applied by it.
  const applied = action.command === "apply_settings" || server.ballooning.pendingRestart;
  const description = applied ? fillWords(server.ballooning.enabled ? words.appliedOn : words.appliedOff, { name }) : fillWords(words.backUp, { name });
  return { tone: "success", title, description };
}
