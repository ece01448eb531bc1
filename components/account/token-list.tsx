"use client";

import { Trash2 } from "lucide";
import { Icon } from "@/components/ui/icon";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { FailureWords } from "./failure";
import { StatusMessage } from "@/components/ui/text-field";

// The confirmation is fetched when a token is first revoked, not with the page.
const RevokeTokenDialog = dynamic(() => import("./revoke-token-dialog").then((module) => module.RevokeTokenDialog), { ssr: false });

/** A token as listed, worded by the server (tokens-card.tsx). */
export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "read_write";
  scopeLabel: string;
  created: string;
  lastUsed: string;
  expires: string;
  expired: boolean;
  /** The revoke button's name, saying which token. */
  revokeLabel: string;
  /** The confirmation's title and what it says happens. */
  revokeTitle: string;
  revokeDescription: ReactNode;
  /** Announced once it is revoked. */
  revokedMessage: string;
};

export type TokenListWords = {
  label: string;
  empty: string;
  created: string;
  lastUsed: string;
  expires: string;
  expired: string;
  revoke: string;
  confirm: string;
  pending: string;
  cancel: string;
  gone: string;
  errors: FailureWords;
};

export function TokenList({ tokens, words }: { tokens: TokenRow[]; words: TokenListWords }) {
  const router = useRouter();
  const listRef = useRef<HTMLDivElement>(null);
  const [revoked, setRevoked] = useState<ReadonlySet<string>>(() => new Set());
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const shown = tokens.filter((token) => !revoked.has(token.id));

  // The revoke button has gone with its row (and the dialog, which would return focus to it): focus goes to the list.
  useEffect(() => {
    if (revoked.size > 0) listRef.current?.focus();
  }, [revoked]);

  return (
    <div ref={listRef} tabIndex={-1} className="space-y-3 rounded focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600">
      <StatusMessage message={status} />
      {shown.length === 0 ? (
        <p className="text-sm text-slate-600">{words.empty}</p>
      ) : (
        <ul aria-label={words.label} className="divide-y divide-slate-100">
          {shown.map((token) => (
            <li key={token.id} className="py-4 first:pt-0 last:pb-0">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0 flex-[1_1_14rem]">
                  <p className="font-medium break-words text-slate-900">{token.name}</p>
                  <p className="mt-1 flex flex-wrap items-center gap-2">
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{token.prefix}…</code>
                    <Badge tone={token.scope === "read" ? "info" : "warning"}>{token.scopeLabel}</Badge>
                    {token.expired && <Badge tone="danger">{words.expired}</Badge>}
                  </p>
                </div>
                <Button variant="secondary" onClick={() => setRevoking(token)} aria-haspopup="dialog" aria-label={token.revokeLabel} className="shrink-0">
                  <Icon icon={Trash2} className="size-4" />
                  {words.revoke}
                </Button>
              </div>
              <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
                <div className="min-w-0">
                  <dt className="text-xs font-medium text-slate-500">{words.created}</dt>
                  <dd className="text-slate-800">{token.created}</dd>
                </div>
                <div className="min-w-0">
                  <dt className="text-xs font-medium text-slate-500">{words.lastUsed}</dt>
                  <dd className="text-slate-800">{token.lastUsed}</dd>
                </div>
                <div className="min-w-0">
                  <dt className="text-xs font-medium text-slate-500">{words.expires}</dt>
                  <dd className={token.expired ? "text-red-800" : "text-slate-800"}>{token.expires}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {revoking && (
        <RevokeTokenDialog
          token={revoking}
          words={words}
          onClose={() => setRevoking(null)}
          onRevoked={(message) => {
            setRevoking(null);
            setRevoked((before) => new Set(before).add(revoking.id));
            setStatus(message);
            router.refresh();
          }}
        />
      )}
    </div>
  );
}
