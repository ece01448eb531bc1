import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { ServerHeader } from "@/components/servers/server-header";
import { ServerPageWordsProvider } from "@/components/servers/server-page-words";
import { ToastProvider } from "@/components/ui/toast";
import { plainWords } from "@/components/servers/plain-words";
import { clientWords } from "@/lib/i18n/client-words";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

// Only a server's pages show toasts (an action's outcome, a refused change), so only they carry the
// toasts' script. The layout stays mounted between the overview and settings, and the toasts with it,
// and it gives the client components of every tab the words they share (server-page-words.tsx).
export default async function ServerLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const server = await serverForPage((await params).id);
  const { badges, ballooningExplainer, header } = await clientWords("servers");
  return (
    <ServerPageWordsProvider words={plainWords({ badges, ballooningExplainer }, "servers")}>
      <ToastProvider>
        <ServerHeader server={toServerView(server)} words={plainWords(header, "servers.header")} locale={await getLocale()} />
        <div className="mt-6">{children}</div>
      </ToastProvider>
    </ServerPageWordsProvider>
  );
}
