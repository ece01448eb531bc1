import Link from "next/link";
import { formatMiB, imageName } from "@/lib/format";
import type { ServerView } from "@/lib/servers/server-view";
import { ServerStatusBadge } from "./server-status-badge";
import { ServerTabs } from "./server-tabs";
import { VirtualizationBadge } from "./virtualization-badge";

export function ServerHeader({ server }: { server: ServerView }) {
  return (
    <header>
      <Link href="/servers" className="text-sm font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
        ← All servers
      </Link>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{server.name}</h1>
        <ServerStatusBadge status={server.status} />
        <VirtualizationBadge virtualization={server.virtualization} />
      </div>
      <p className="mt-1 text-sm text-slate-600">
        {formatMiB(server.memoryMiB)} memory · {server.vcpus} vCPU · {imageName(server.image)}
      </p>
      <ServerTabs serverId={server.id} />
    </header>
  );
}
