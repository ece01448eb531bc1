import type { Metadata } from "next";
import { LiveActionProgress } from "@/components/servers/action-progress-deferred";
import { BallooningSummaryCard } from "@/components/servers/ballooning-summary-card";
import { DetailsCard } from "@/components/servers/details-card";
import { hostViewNotes } from "@/components/servers/host-view-notes";
import { ServerMemory } from "@/components/servers/server-memory";
import { latestMemory } from "@/lib/metrics/latest-memory";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

export const metadata: Metadata = { title: "Server overview" };

export default async function ServerOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const server = await serverForPage((await params).id);
  const latest = (await latestMemory([server.id])).get(server.id) ?? null;
  const view = toServerView(server);
  return (
    <div className="space-y-6">
      {/* The restart button is in the header; while it (or a settings change) runs, its steps show here. */}
      <LiveActionProgress serverId={view.id} headingLevel={2} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <ServerMemory server={view} initialLatest={latest} hostViewNotes={hostViewNotes()} />
        </div>
        <div className="space-y-6">
          <BallooningSummaryCard server={view} />
          <DetailsCard server={view} />
        </div>
      </div>
    </div>
  );
}
