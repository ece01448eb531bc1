import { Badge } from "@/components/ui/badge";
import { ServerStatusBadge } from "@/components/servers/server-status-badge";
import { formatMiB } from "@/lib/format";
import type { OperatorServerRow } from "@/lib/operators/fleet-view";
import { HeaderCell, TableFrame } from "./page-header";

const ACTION_TONE = { queued: "info", running: "info", success: "success", error: "danger" } as const;

export function OperatorServersTable({ rows }: { rows: OperatorServerRow[] }) {
  return (
    <TableFrame caption="Every customer's servers">
      <thead>
        <tr>
          <HeaderCell>Server · domain on host</HeaderCell>
          <HeaderCell>Owner</HeaderCell>
          <HeaderCell>Status</HeaderCell>
          <HeaderCell>Plan</HeaderCell>
          <HeaderCell>Ballooning</HeaderCell>
          <HeaderCell>Latest action</HeaderCell>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((server) => (
          <tr key={server.id}>
            <td className="px-4 py-3">
              <p className="whitespace-nowrap font-medium text-slate-900">{server.name}</p>
              <p className="whitespace-nowrap text-xs text-slate-600">
                <span className="font-mono">{server.domainName}</span> on {server.host}
              </p>
            </td>
            <td className="px-4 py-3">
              <p className="text-slate-900">{server.owner.name}</p>
              <p className="text-xs text-slate-600">{server.owner.email}</p>
            </td>
            <td className="px-4 py-3"><ServerStatusBadge status={server.status} /></td>
            <td className="whitespace-nowrap px-4 py-3 text-slate-700">
              {server.virtualization.toUpperCase()} · {formatMiB(server.memoryMiB)} · {server.vcpus} vCPU
            </td>
            <td className="whitespace-nowrap px-4 py-3">
              {server.virtualization === "lxc" ? (
                <span className="text-slate-600">No balloon (LXC)</span>
              ) : (
                <span className="flex flex-wrap items-center gap-1.5">
                  <Badge tone={server.ballooningEnabled ? "neutral" : "brand"}>{server.ballooningEnabled ? "On" : "Off · guaranteed"}</Badge>
                  {server.changePending && <Badge tone="warning">Change pending</Badge>}
                </span>
              )}
            </td>
            <td className="whitespace-nowrap px-4 py-3">
              {server.latestAction ? (
                <span className="flex flex-col items-start gap-0.5">
                  <span className="flex items-center gap-1.5">
                    <Badge tone={ACTION_TONE[server.latestAction.status]}>{server.latestAction.status}</Badge>
                    <span className="text-slate-700">{server.latestAction.command.replace("_", " ")}</span>
                  </span>
                  {server.latestAction.errorCode && <span className="font-mono text-xs text-red-800">{server.latestAction.errorCode}</span>}
                </span>
              ) : (
                <span className="text-slate-600">None</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}
