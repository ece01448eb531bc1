import type { Metadata } from "next";
import { BallooningSection } from "@/components/servers/settings/ballooning-section";
import { LxcBallooningCard } from "@/components/servers/settings/lxc-ballooning-card";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

export const metadata: Metadata = { title: "Server settings" };

export default async function ServerSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const server = toServerView(await serverForPage((await params).id));
  return (
    <div className="max-w-3xl space-y-6">
      {server.ballooning.supported ? <BallooningSection server={server} /> : <LxcBallooningCard server={server} />}
    </div>
  );
}
