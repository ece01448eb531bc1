import type { Metadata } from "next";
import { ServerSettings } from "@/components/servers/settings/server-settings";
import { listImages } from "@/lib/images/catalogue";
import { serverForPage } from "@/lib/servers/page-server";
import { toServerView } from "@/lib/servers/server-view";

export const metadata: Metadata = { title: "Server settings" };

export default async function ServerSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const server = toServerView(await serverForPage((await params).id));
  return (
    <div className="max-w-3xl space-y-6">
      <ServerSettings server={server} images={listImages()} />
    </div>
  );
}
