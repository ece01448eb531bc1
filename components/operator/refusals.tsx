import { formatMiB } from "@/lib/format";
import type { RefusalRow } from "@/lib/operators/fleet-view";
import { HeaderCell, TableFrame } from "./page-header";

const REASON = { host_full: "Host full", host_memory_unknown: "Host memory not reported" } as const;

/** Customers who asked for guaranteed memory that their server's host had no room for. */
export function Refusals({ rows }: { rows: RefusalRow[] }) {
  return (
    <TableFrame caption="Guaranteed memory refused">
      <thead>
        <tr>
          <HeaderCell>When</HeaderCell>
          <HeaderCell>Server</HeaderCell>
          <HeaderCell>Reason</HeaderCell>
          <HeaderCell align="right">Asked</HeaderCell>
          <HeaderCell align="right">Reserved of capacity</HeaderCell>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((refusal) => (
          <tr key={refusal.id}>
            <td className="whitespace-nowrap px-4 py-3 text-slate-700">
              <time dateTime={refusal.at.toISOString()}>{refusal.at.toISOString().replace("T", " ").slice(0, 16)} UTC</time>
            </td>
            <td className="px-4 py-3">
              <p className="whitespace-nowrap text-slate-900">{refusal.server?.name ?? "deleted server"}</p>
              {refusal.customer && <p className="text-xs text-slate-600">{refusal.customer}</p>}
            </td>
            <td className="whitespace-nowrap px-4 py-3 text-slate-700">{REASON[refusal.reason]}</td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700">{formatMiB(refusal.requestedMiB)}</td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700">
              {formatMiB(refusal.reservedMiB)} of {refusal.capacityMiB === null ? "unknown" : formatMiB(refusal.capacityMiB)}
            </td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}
