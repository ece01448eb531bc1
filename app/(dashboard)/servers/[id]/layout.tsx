import type { ReactNode } from "react";
import { ServerHeader } from "@/components/servers/server-header";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

export default async function ServerLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const server = await serverForPage((await params).id);
  return (
    <>
      <ServerHeader server={toServerView(server)} />
      <div className="mt-6">{children}</div>
    </>
  );
}
