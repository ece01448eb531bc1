import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ServerTable } from "@/components/servers/server-table";
import { requirePageUser } from "@/lib/auth/page-session";
import { latestMemory } from "@/lib/metrics/latest-memory";
import { memoryUsage } from "@/lib/metrics/usage";
import { listServers } from "@/lib/servers/list-servers";
import { toServerView } from "@/lib/servers/server-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("servers.list"))("title") };
}

export default async function ServersPage() {
  const actor = await requirePageUser("/servers");
  // Operators own no servers; their side of the dashboard starts with the hosts.
  if (actor.role === "operator") redirect("/operator");
  const servers = await listServers({ actor });
  const latest = await latestMemory(servers.map((server) => server.id));
  const rows = servers.map((server) => {
    const sample = latest.get(server.id);
    return { server: toServerView(server), usage: sample ? memoryUsage(sample.source, sample.point) : null };
  });
  const t = await getTranslations("servers.list");

  return (
    <>
      <header className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("summary", { count: rows.length })}</p>
      </header>
      {rows.length ? (
        <ServerTable rows={rows} />
      ) : (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <h2 className="font-medium text-slate-900">{t("emptyTitle")}</h2>
          <p className="mt-1 text-sm text-slate-600">{t("emptyText")}</p>
        </div>
      )}
    </>
  );
}
