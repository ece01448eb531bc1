import type { ReactNode } from "react";
import { BallooningBadge } from "@/components/servers/ballooning-badge";
import { BallooningExplainer } from "@/components/servers/ballooning-explainer";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ServerView } from "@/lib/contracts/servers";

/** Ballooning on an LXC server: not available, and why; `reinstall` offers to recreate it on KVM. */
export function LxcBallooningCard({ server, reinstall }: { server: ServerView; reinstall?: ReactNode }) {
  return (
    <Card>
      <CardHeader title="Memory ballooning" action={<BallooningBadge ballooning={server.ballooning} />} />
      <CardBody className="space-y-4">
        <BallooningExplainer />
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-600/30">
          This server still runs on LXC virtualization, which has no ballooning. New servers run on KVM, which offers more features,
          among them control of ballooning. A reinstall moves it to KVM.
        </p>
        {reinstall}
      </CardBody>
    </Card>
  );
}
