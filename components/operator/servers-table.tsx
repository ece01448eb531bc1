import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { ServerStatusBadge } from "@/components/servers/server-status-badge";
import { formatMiB } from "@/lib/format";
import type { OperatorServerRow } from "@/lib/operators/fleet-view";
import { HeaderCell, TableFrame } from "./page-header";

const ACTION_TONE = { queued: "info", running: "info", success: "success", error: "danger" } as const;

export async function OperatorServersTable({ rows }: { rows: OperatorServerRow[] }) {
  const [t, action, locale] = await Promise.all([getTranslations("operator.servers"), getTranslations("operator.action"), getLocale()]);
  return (
    <TableFrame caption={t("caption")}>
      <thead>
        <tr>
          <HeaderCell>{t("columns.server")}</HeaderCell>
          <HeaderCell>{t("columns.owner")}</HeaderCell>
          <HeaderCell>{t("columns.status")}</HeaderCell>
          <HeaderCell>{t("columns.plan")}</HeaderCell>
          <HeaderCell>{t("columns.ballooning")}</HeaderCell>
          <HeaderCell>{t("columns.latestAction")}</HeaderCell>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((server) => (
          <tr key={server.id}>
            <td className="px-4 py-3">
              <p className="whitespace-nowrap font-medium text-slate-900">{server.name}</p>
              <p className="whitespace-nowrap text-xs text-slate-600">
                {t.rich("onHost", { domain: server.domainName, host: server.host, code: (chunks) => <span className="font-mono">{chunks}</span> })}
              </p>
            </td>
            <td className="px-4 py-3">
              <p className="text-slate-900">{server.owner.name}</p>
              <p className="text-xs text-slate-600">{server.owner.email}</p>
            </td>
            <td className="px-4 py-3"><ServerStatusBadge status={server.status} /></td>
            <td className="whitespace-nowrap px-4 py-3 text-slate-700">
              {t("plan", { virtualization: server.virtualization.toUpperCase(), memory: formatMiB(server.memoryMiB, locale), vcpus: server.vcpus })}
            </td>
            <td className="whitespace-nowrap px-4 py-3">
              {server.virtualization === "lxc" ? (
                <span className="text-slate-600">{t("noBalloon")}</span>
              ) : (
                <span className="flex flex-wrap items-center gap-1.5">
                  <Badge tone={server.ballooningEnabled ? "neutral" : "brand"}>{server.ballooningEnabled ? t("ballooningOn") : t("ballooningOff")}</Badge>
                  {server.changePending && <Badge tone="warning">{t("changePending")}</Badge>}
                </span>
              )}
            </td>
            <td className="px-4 py-3">
              {server.latestAction ? (
                <span className="flex flex-col items-start gap-0.5">
                  {/* The command goes under its status where a longer language's words leave no room beside it. */}
                  <span className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 whitespace-nowrap">
                    <Badge tone={ACTION_TONE[server.latestAction.status]}>{action(`status.${server.latestAction.status}`)}</Badge>
                    <span className="text-slate-700">{action(`command.${server.latestAction.command}`)}</span>
                  </span>
                  {server.latestAction.errorCode && <span className="font-mono text-xs text-red-800">{server.latestAction.errorCode}</span>}
                </span>
              ) : (
                <span className="text-slate-600">{t("noAction")}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}
