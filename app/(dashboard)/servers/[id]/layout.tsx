import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { BadgeWordsProvider } from "@/components/servers/badge-words";
import { ServerHeader } from "@/components/servers/server-header";
import { ToastProvider } from "@/components/ui/toast";
import { plainWords } from "@/components/servers/plain-words";
import { clientWords } from "@/lib/i18n/client-words";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

// Only a server's pages show toasts (an action's outcome, a refused change), so only they carry the
// toasts' script. The layout stays mounted between the overview and settings, and the toasts with it,
// and it gives the badges of every tab their words (badge-words.tsx).
export default async function ServerLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const server = await serverForPage((await params).id);
  const { badges, header } = await clientWords("servers");
  return (
    <BadgeWordsProvider words={plainWords(badges, "servers.badges")}>
      <ToastProvider>
        <ServerHeader server={toServerView(server)} words={plainWords(header, "servers.header")} locale={await getLocale()} />
        <div className="mt-6">{children}</div>
      </ToastProvider>
    </BadgeWordsProvider>
  );
}
