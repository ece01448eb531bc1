"use client";

import { LogOut, Monitor } from "lucide";
import { Icon } from "@/components/ui/icon";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { apiFailure, failureMessage, type FailureWords } from "./failure";
import { FormAlert } from "@/components/ui/form-alert";
import { StatusMessage } from "@/components/ui/text-field";

// Account → Signed-in browsers: each session of the account, this browser's marked and first, the
// others with a button that signs them out at once. The server words each row (sessions-card.tsx).

export type SessionRow = {
  id: string;
  current: boolean;
  device: string;
  signedIn: string;
  lastSeen: string;
  /** The button's name, saying which browser it signs out. */
  endLabel: string;
  /** Announced once it is signed out. */
  endedMessage: string;
};

export type SessionWords = { label: string; thisBrowser: string; end: string; ending: string; alreadyEnded: string; onlyThis: string; errors: FailureWords };

export function SessionList({ sessions, words }: { sessions: SessionRow[]; words: SessionWords }) {
  const router = useRouter();
  const listRef = useRef<HTMLUListElement>(null);
  const [ended, setEnded] = useState<ReadonlySet<string>>(() => new Set());
  const [ending, setEnding] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const shown = sessions.filter((session) => !ended.has(session.id));

  // The button pressed has gone with its row: focus goes to the list, not to the top of the page.
  useEffect(() => {
    if (ended.size > 0) listRef.current?.focus();
  }, [ended]);

  async function end(session: SessionRow) {
    setEnding(session.id);
    setStatus(null);
    setFailure(null);
    const gone = (message: string) => {
      setEnded((before) => new Set(before).add(session.id));
      setStatus(message);
      router.refresh();
    };
    try {
      const { endSession } = await import("@/lib/client/account-api");
      await endSession(session.id);
      gone(session.endedMessage);
    } catch (error) {
      if (apiFailure(error)?.code === "session_not_found") gone(words.alreadyEnded);
      else setFailure(failureMessage(error, words.errors));
    } finally {
      setEnding(null);
    }
  }

  return (
    <div className="space-y-3">
      <StatusMessage message={status} />
      <FormAlert message={failure} />
      <ul ref={listRef} tabIndex={-1} aria-label={words.label} className="divide-y divide-slate-100 rounded focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600">
        {shown.map((session) => (
          <li key={session.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 py-3 first:pt-0 last:pb-0">
            <div className="flex min-w-0 flex-[1_1_16rem] gap-3">
              <Icon icon={Monitor} className="mt-0.5 size-5 shrink-0 text-slate-500" />
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-x-2 gap-y-1 font-medium break-words text-slate-900">
                  {session.device}
                  {session.current && <Badge tone="brand">{words.thisBrowser}</Badge>}
                </p>
                <p className="mt-0.5 text-sm break-words text-slate-600">{session.signedIn}</p>
                <p className="text-sm text-slate-600">{session.lastSeen}</p>
              </div>
            </div>
            {!session.current && (
              <Button variant="secondary" onClick={() => void end(session)} disabled={ending !== null} aria-label={ending === session.id ? undefined : session.endLabel} className="ml-8 shrink-0 sm:ml-0">
                {ending === session.id ? <Spinner /> : <Icon icon={LogOut} className="size-4" />}
                {ending === session.id ? words.ending : words.end}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {shown.every((session) => session.current) && <p className="text-sm text-slate-600">{words.onlyThis}</p>}
    </div>
  );
}
