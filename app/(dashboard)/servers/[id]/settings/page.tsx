import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BallooningExplainer } from "@/components/servers/ballooning-explainer";
import { BallooningExplanation } from "@/components/servers/settings/ballooning-explanation";
import { ServerSettings } from "@/components/servers/settings/server-settings";
import type { SettingsWords } from "@/components/servers/settings/settings-words";
import { imagesForReinstall } from "@/lib/servers/reinstall-server";
import { clientWords } from "@/lib/i18n/client-words";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings");
  return { title: t("pageTitle") };
}

export default async function ServerSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const record = await serverForPage((await params).id);
  const server = toServerView(record);
  const images = server.virtualization === "lxc" ? await imagesForReinstall(record) : [];
  const { pageTitle: _pageTitle, explanation: _explanation, ...words } = await clientWords("settings");
  return (
    // The restart button, the progress and the dialogs take the actions' and errors' words from the
    // server's layout (its ActionWordsScope).
    <div className="max-w-3xl space-y-6">
      <ServerSettings
        server={server}
        images={images}
        words={words satisfies SettingsWords}
        explanation={<BallooningExplanation />}
        lxcExplanation={<BallooningExplainer />}
      />
    </div>
  );
}
