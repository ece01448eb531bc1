import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { LiveActionProgress } from "@/components/servers/action-progress-deferred";
import { BallooningSummaryCard } from "@/components/servers/ballooning-summary-card";
import { DetailsCard } from "@/components/servers/details-card";
import { hostViewNotes } from "@/components/servers/host-view-notes";
import { ServerMemory } from "@/components/servers/server-memory";
import { clientWords } from "@/lib/i18n/client-words";
import { latestMemory } from "@/lib/metrics/latest-memory";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("servers.overview"))("title") };
}

export default async function ServerOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const server = await serverForPage((await params).id);
  const latest = (await latestMemory([server.id])).get(server.id) ?? null;
  const view = toServerView(server);
  // The memory card and chart complete their words in the browser; the host-view notes come rendered.
  const { hostView: _rendered, ...memoryWords } = await clientWords("memory");
  const { ballooningSummary } = await clientWords("servers");
  const locale = await getLocale();
  return (
    <div className="space-y-6">
      {/* The restart button is in the header; while it (or a settings change) runs, its steps show here. */}
      <LiveActionProgress serverId={view.id} headingLevel={2} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <ServerMemory server={view} initialLatest={latest} hostViewNotes={await hostViewNotes()} words={memoryWords} locale={locale} />
        </div>
        <div className="min-w-0 space-y-6">
          <BallooningSummaryCard server={view} words={ballooningSummary} />
          <DetailsCard server={view} />
        </div>
      </div>
    </div>
  );
}
