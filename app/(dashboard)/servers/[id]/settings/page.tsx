import type { Metadata } from "next";
import { BallooningBadge } from "@/components/servers/ballooning-badge";
import { BallooningExplainer } from "@/components/servers/ballooning-explainer";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

export const metadata: Metadata = { title: "Server settings" };

export default async function ServerSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const server = toServerView(await serverForPage((await params).id));
  return (
    <div className="max-w-3xl space-y-6">
      <Card>
        <CardHeader title="Memory ballooning" action={<BallooningBadge ballooning={server.ballooning} />} />
        <CardBody className="space-y-4">
          <BallooningExplainer />
          {!server.ballooning.supported && (
            <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-600/30">
              This server still runs on LXC virtualization, which has no ballooning. New servers run on KVM, which offers more
              features, among them control of ballooning.
            </p>
          )}
        </CardBody>
      </Card>
    </div>
  );
}
