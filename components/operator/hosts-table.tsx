import { Badge } from "@/components/ui/badge";
import type { OperatorHostRow } from "@/lib/operators/fleet-view";
import { HeaderCell, TableFrame } from "./page-header";

/** An agent that has not reported for this long is shown as silent: reports come every 10 s. */
const SILENT_AFTER_MS = 60_000;

export function HostsTable({ rows, now }: { rows: OperatorHostRow[]; now: number }) {
  return (
    <TableFrame caption="Hosts">
      <thead>
        <tr>
          <HeaderCell>Host</HeaderCell>
          <HeaderCell>Agent</HeaderCell>
          <HeaderCell align="right">Domains</HeaderCell>
          <HeaderCell align="right">Servers</HeaderCell>
          <HeaderCell align="right">CPUs</HeaderCell>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((host) => (
          <tr key={host.id}>
            <td className="px-4 py-3">
              <p className="font-medium text-slate-900">{host.name}</p>
              <p className="font-mono text-xs text-slate-600">{host.uri}</p>
            </td>
            <td className="whitespace-nowrap px-4 py-3"><AgentState host={host} now={now} /></td>
            <td className="px-4 py-3 text-right tabular-nums text-slate-700">{host.domainCount ?? "–"}</td>
            <td className="px-4 py-3 text-right tabular-nums text-slate-700">{host.serverCount}</td>
            <td className="px-4 py-3 text-right tabular-nums text-slate-700">{host.cpus ?? "–"}</td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}

function AgentState({ host, now }: { host: OperatorHostRow; now: number }) {
  if (!host.lastSeenAt) return <Badge tone="warning">Never reported</Badge>;
  const ago = Math.max(0, Math.round((now - host.lastSeenAt.getTime()) / 1000));
  const silent = now - host.lastSeenAt.getTime() > SILENT_AFTER_MS;
  return (
    <span className="flex flex-col items-start gap-0.5">
      <Badge tone={silent ? "danger" : "success"} dot>{silent ? "Silent" : "Reporting"}</Badge>
      <span className="text-xs text-slate-600">
        {ago < 120 ? `${ago} s ago` : `${Math.round(ago / 60)} min ago`}
        {host.agentVersion ? ` · v${host.agentVersion}` : ""}
      </span>
    </span>
  );
}
