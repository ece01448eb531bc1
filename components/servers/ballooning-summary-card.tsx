"use client";

import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { useServer } from "@/lib/client/use-server-actions";
import type { ServerView } from "@/lib/contracts/servers";
import { BallooningBadge } from "./ballooning-badge";

/** Ballooning at a glance; follows the server while a change or restart runs, like the header. */
export function BallooningSummaryCard({ server: initial }: { server: ServerView }) {
  const server = useServer(initial.id, initial).data;
  const { ballooning } = server;
  const text = !ballooning.supported
    ? "Not available on LXC servers. A reinstall moves this server to KVM."
    : ballooning.pendingRestart
      ? "Your change takes effect at the next restart of the server."
      : ballooning.enabled
        ? "The host can reclaim memory your server does not use, and return it on demand."
        : "Your server keeps its full memory at all times.";
  return (
    <Card>
      <CardHeader title="Memory ballooning" action={<BallooningBadge ballooning={ballooning} />} />
      <CardBody>
        <p className="text-sm text-slate-700">{text}</p>
        <Link
          href={`/servers/${server.id}/settings`}
          className="mt-3 inline-block text-sm font-medium text-indigo-700 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          Ballooning settings →
        </Link>
      </CardBody>
    </Card>
  );
}
