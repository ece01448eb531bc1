"use client";

import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { useServer } from "@/lib/client/use-server-actions";
import type { ServerView } from "@/lib/contracts/servers";
import { BallooningBadge } from "./ballooning-badge";
import type { ServersWords } from "./words";

/** Ballooning at a glance; follows the server while a change or restart runs, like the header. */
export function BallooningSummaryCard({ server: initial, words }: { server: ServerView; words: ServersWords["ballooningSummary"] }) {
  const server = useServer(initial.id, initial).data;
  const { ballooning } = server;
  const text = !ballooning.supported ? words.notAvailable : ballooning.pendingRestart ? words.pendingRestart : ballooning.enabled ? words.on : words.off;
  return (
    <Card>
      <CardHeader title={words.title} action={<BallooningBadge ballooning={ballooning} />} />
      <CardBody>
        <p className="text-sm text-slate-700">{text}</p>
        <Link
          href={`/servers/${server.id}/settings`}
          className="mt-3 inline-block text-sm font-medium text-indigo-700 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          {words.settings} →
        </Link>
      </CardBody>
    </Card>
  );
}
