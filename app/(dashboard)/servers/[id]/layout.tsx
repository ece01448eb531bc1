import type { ReactNode } from "react";
import { ServerHeader } from "@/components/servers/server-header";
import { ToastProvider } from "@/components/ui/toast";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

// Only a server's pages show toasts (an action's outcome, a refused change), so only they carry the
// toasts' script. The layout stays mounted between the overview and settings, and the toasts with it.
export default async function ServerLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const server = await serverForPage((await params).id);
  return (
    <ToastProvider>
      <ServerHeader server={toServerView(server)} />
      <div className="mt-6">{children}</div>
    </ToastProvider>
  );
}
