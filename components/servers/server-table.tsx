import Link from "next/link";
import { formatMiB, imageName } from "@/lib/format";
import type { MemoryUsage } from "@/lib/metrics/usage";
import type { ServerView } from "@/lib/contracts/servers";
import { BallooningBadge } from "./ballooning-badge";
import { MemoryUsageBar } from "./memory-usage-bar";
import { ServerStatusBadge } from "./server-status-badge";
import { VirtualizationBadge } from "./virtualization-badge";

export type ServerRow = { server: ServerView; usage: MemoryUsage | null };

export function ServerTable({ rows }: { rows: ServerRow[] }) {
  return (
    <>
      <ServerCards rows={rows} />
      <div className="hidden overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm md:block">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Your servers</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-5 py-3">Server</th>
            <th scope="col" className="px-5 py-3">Status</th>
            <th scope="col" className="px-5 py-3">Type</th>
            <th scope="col" className="px-5 py-3">Plan</th>
            <th scope="col" className="px-5 py-3">Memory in use</th>
            <th scope="col" className="px-5 py-3">Ballooning</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(({ server, usage }) => (
            <tr key={server.id} className="hover:bg-slate-50/70">
              <td className="px-5 py-4">
                <Link
                  href={`/servers/${server.id}`}
                  className="font-medium text-slate-900 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  {server.name}
                </Link>
                <p className="text-xs text-slate-600">{imageName(server.image)}</p>
              </td>
              <td className="px-5 py-4"><ServerStatusBadge status={server.status} /></td>
              <td className="px-5 py-4"><VirtualizationBadge virtualization={server.virtualization} /></td>
              <td className="whitespace-nowrap px-5 py-4 text-slate-700">
                {formatMiB(server.memoryMiB)} · {server.vcpus} vCPU
              </td>
              <td className="px-5 py-4"><MemoryUsageBar usage={usage} compact /></td>
              <td className="px-5 py-4"><BallooningBadge ballooning={server.ballooning} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </>
  );
}

/** The same list as cards, for narrow screens where six columns do not fit. */
function ServerCards({ rows }: { rows: ServerRow[] }) {
  return (
    <ul className="space-y-3 md:hidden" aria-label="Your servers">
      {rows.map(({ server, usage }) => (
        <li key={server.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <div className="flex items-start justify-between gap-3">
            <div>
              <Link href={`/servers/${server.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
                {server.name}
              </Link>
              <p className="text-xs text-slate-600">
                {imageName(server.image)} · {formatMiB(server.memoryMiB)} · {server.vcpus} vCPU
              </p>
            </div>
            <ServerStatusBadge status={server.status} />
          </div>
          <div className="mt-3"><MemoryUsageBar usage={usage} /></div>
          <div className="mt-3 flex flex-wrap items-center gap-2 text-xs text-slate-600">
            <VirtualizationBadge virtualization={server.virtualization} />
            <span>Ballooning</span>
            <BallooningBadge ballooning={server.ballooning} />
          </div>
        </li>
      ))}
    </ul>
  );
}
