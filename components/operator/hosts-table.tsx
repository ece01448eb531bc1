import { Badge } from "@/components/ui/badge";
import { formatMiB } from "@/lib/format";
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
          <HeaderCell align="right">Servers / domains</HeaderCell>
          <HeaderCell align="right">Node</HeaderCell>
          <HeaderCell align="right">Sold · overcommit</HeaderCell>
          <HeaderCell align="right">Guaranteed</HeaderCell>
          <HeaderCell align="right">Held by balloons</HeaderCell>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((host) => (
          <tr key={host.name}>
            <td className="px-4 py-3">
              <p className="font-medium text-slate-900">{host.name}</p>
              <p className="font-mono text-xs text-slate-600">{host.hypervisorUri}</p>
            </td>
            <td className="whitespace-nowrap px-4 py-3"><AgentState host={host} now={now} /></td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700">
              {host.servers} / {host.domains ?? "–"}
            </td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700">
              {host.memory?.physicalMiB != null ? formatMiB(host.memory.physicalMiB) : "not reported"}
              {host.cpus !== null && <span className="block text-xs text-slate-600">{host.cpus} CPUs</span>}
            </td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700">
              {formatMiB(host.memory?.soldMiB ?? 0)}
              {host.memory?.overcommitRatio != null && (
                <span className={`block text-xs ${host.memory.overcommitRatio > 1 ? "text-amber-800" : "text-slate-600"}`}>
                  {host.memory.overcommitRatio.toFixed(2)}× physical
                </span>
              )}
            </td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700"><Guaranteed host={host} /></td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700">{formatMiB(host.heldByBalloonsMiB)}</td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}

/** Reserved by servers with ballooning off, of what the host can guarantee (physical minus headroom). */
function Guaranteed({ host }: { host: OperatorHostRow }) {
  const memory = host.memory;
  if (!memory) return <>–</>;
  const full = memory.availableMiB !== null && memory.availableMiB <= 0;
  return (
    <>
      {formatMiB(memory.reservedMiB)}
      <span className={`block text-xs ${full ? "font-medium text-red-800" : "text-slate-600"}`}>
        {memory.capacityMiB === null ? "capacity unknown" : `of ${formatMiB(memory.capacityMiB)}${full ? ", full" : ""}`}
      </span>
    </>
  );
}

function AgentState({ host, now }: { host: OperatorHostRow; now: number }) {
  if (!host.agentLastSeenAt) return <Badge tone="warning">Never reported</Badge>;
  const since = now - Date.parse(host.agentLastSeenAt);
  const ago = Math.max(0, Math.round(since / 1000));
  const silent = since > SILENT_AFTER_MS;
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
