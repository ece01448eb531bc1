import type { ReactNode } from "react";
import { BallooningBadge } from "@/components/servers/ballooning-badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ServerView } from "@/lib/contracts/servers";
import type { SettingsWords } from "./settings-words";

/**
 * Ballooning on an LXC server: not available, and why; `reinstall` offers to recreate it on KVM.
 * `explanation`: what ballooning is, rendered on the server (ballooning-explainer.tsx).
 */
export function LxcBallooningCard({ server, words, explanation, reinstall }: { server: ServerView; words: SettingsWords; explanation: ReactNode; reinstall?: ReactNode }) {
  return (
    <Card>
      <CardHeader title={words.ballooning.title} action={<BallooningBadge ballooning={server.ballooning} />} />
      <CardBody className="space-y-4">
        {explanation}
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-600/30">{words.lxc.notice}</p>
        {reinstall}
      </CardBody>
    </Card>
  );
}
