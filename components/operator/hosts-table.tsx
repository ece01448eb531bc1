import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatMiB } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";
import type { OperatorHostRow } from "@/lib/operators/fleet-view";
import { HeaderCell, TableFrame } from "./page-header";

/** An agent that has not reported for this long is shown as silent: reports come every 10 s. */
const SILENT_AFTER_MS = 60_000;

export async function HostsTable({ rows, now }: { rows: OperatorHostRow[]; now: number }) {
  const [t, locale] = await Promise.all([getTranslations("operator.hosts"), getLocale()]);
  return (
    <TableFrame caption={t("caption")}>
      <thead>
        <tr>
          <HeaderCell>{t("columns.host")}</HeaderCell>
          <HeaderCell>{t("columns.agent")}</HeaderCell>
          <HeaderCell align="right">{t("columns.serversDomains")}</HeaderCell>
          <HeaderCell align="right">{t("columns.node")}</HeaderCell>
          <HeaderCell align="right">{t("columns.sold")}</HeaderCell>
          <HeaderCell align="right">{t("columns.guaranteed")}</HeaderCell>
          <HeaderCell align="right">{t("columns.heldByBalloons")}</HeaderCell>
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
              {host.memory?.physicalMiB != null ? formatMiB(host.memory.physicalMiB, locale) : t("notReported")}
              {host.cpus !== null && <span className="block text-xs text-slate-600">{t("cpus", { count: host.cpus })}</span>}
            </td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700">
              {formatMiB(host.memory?.soldMiB ?? 0, locale)}
              {host.memory?.overcommitRatio != null && (
                <span className={`block text-xs ${host.memory.overcommitRatio > 1 ? "text-amber-800" : "text-slate-600"}`}>
                  {t("overcommit", { ratio: ratioText(host.memory.overcommitRatio, locale) })}
                </span>
              )}
            </td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700"><Guaranteed host={host} /></td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700">{formatMiB(host.heldByBalloonsMiB, locale)}</td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}

/** Sold memory over physical, two decimals as the reader writes them: "1.25" ("1,25" in Italian and German). */
function ratioText(ratio: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(ratio);
}

/** Reserved by servers with ballooning off, of what the host can guarantee (physical minus headroom). */
async function Guaranteed({ host }: { host: OperatorHostRow }) {
  const memory = host.memory;
  if (!memory) return <>–</>;
  const [t, locale] = await Promise.all([getTranslations("operator.hosts"), getLocale()]);
  const full = memory.availableMiB !== null && memory.availableMiB <= 0;
  return (
    <>
      {formatMiB(memory.reservedMiB, locale)}
      <span className={`block text-xs ${full ? "font-medium text-red-800" : "text-slate-600"}`}>
        {memory.capacityMiB === null ? t("capacityUnknown") : t(full ? "ofCapacityFull" : "ofCapacity", { capacity: formatMiB(memory.capacityMiB, locale) })}
      </span>
    </>
  );
}

async function AgentState({ host, now }: { host: OperatorHostRow; now: number }) {
  const t = await getTranslations("operator.hosts.agent");
  if (!host.agentLastSeenAt) return <Badge tone="warning">{t("never")}</Badge>;
  const since = now - Date.parse(host.agentLastSeenAt);
  const ago = Math.max(0, Math.round(since / 1000));
  const silent = since > SILENT_AFTER_MS;
  return (
    <span className="flex flex-col items-start gap-0.5">
      <Badge tone={silent ? "danger" : "success"} dot>{silent ? t("silent") : t("reporting")}</Badge>
      <span className="text-xs text-slate-600">
        {ago < 120 ? t("secondsAgo", { seconds: ago }) : t("minutesAgo", { minutes: Math.round(ago / 60) })}
        {host.agentVersion && <> · {t("version", { version: host.agentVersion })}</>}
      </span>
    </span>
  );
}
