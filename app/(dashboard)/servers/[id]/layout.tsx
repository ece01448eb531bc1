import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { ActionWordsScope } from "@/components/servers/action-words-scope";
import { ServerHeader } from "@/components/servers/server-header";
import { ServerPageWordsProvider } from "@/components/servers/server-page-words";
import { ToastProvider } from "@/components/ui/toast";
import { clientWords } from "@/lib/i18n/client-words";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

// Only a server's pages show toasts (an action's outcome, a refused change), so only they carry the
// toasts' script. The layout stays mounted between the overview and settings, and the toasts with it,
// and it gives the client components of every tab the words they share (server-page-words.tsx), and
// those of actions and errors (action-words.tsx): the restart button, the progress, the toasts.
export default async function ServerLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const server = await serverForPage((await params).id);
  const { badges, ballooningExplainer, header } = await clientWords("servers");
  return (
    <ActionWordsScope>
      <ServerPageWordsProvider words={{ badges, ballooningExplainer }}>
        <ToastProvider>
          <ServerHeader server={toServerView(server)} words={header} locale={await getLocale()} />
          <div className="mt-6">{children}</div>
        </ToastProvider>
      </ServerPageWordsProvider>
    </ActionWordsScope>
  );
}
