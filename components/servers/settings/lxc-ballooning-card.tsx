import type { ReactNode } from "react";
import { BallooningBadge } from "@/components/servers/ballooning-badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ServerView } from "@/lib/contracts/servers";
import type { SettingsWords } from "./settings-words";

/** Ballooning on an LXC server: not available, and why; `reinstall` offers to recreate it on KVM. */
export function LxcBallooningCard({ server, words, reinstall }: { server: ServerView; words: SettingsWords; reinstall?: ReactNode }) {
  return (
    <Card>
      <CardHeader title={words.ballooning.title} action={<BallooningBadge ballooning={server.ballooning} />} />
      <CardBody className="space-y-4">
        <div className="space-y-3 text-sm text-slate-700">
          <p>{words.lxc.about}</p>
          <p>{words.lxc.whenToDisable}</p>
        </div>
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-600/30">{words.lxc.notice}</p>
        {reinstall}
      </CardBody>
    </Card>
  );
}
