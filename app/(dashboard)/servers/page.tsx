import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ServerTable } from "@/components/servers/server-table";
import { requirePageUser } from "@/lib/auth/page-session";
import { latestMemory } from "@/lib/metrics/latest-memory";
import { memoryUsage } from "@/lib/metrics/usage";
import { listServers } from "@/lib/servers/list-servers";
import { toServerView } from "@/lib/servers/server-view";

export const metadata: Metadata = { title: "Servers" };

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

  return (
    <>
      <header className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Servers</h1>
        <p className="mt-1 text-sm text-slate-600">
          {rows.length === 1 ? "1 server" : `${rows.length} servers`} · memory figures from the latest reading of each
        </p>
      </header>
      {rows.length ? (
        <ServerTable rows={rows} />
      ) : (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <h2 className="font-medium text-slate-900">No servers yet</h2>
          <p className="mt-1 text-sm text-slate-600">Servers you order from your provider appear here.</p>
        </div>
      )}
    </>
  );
}
