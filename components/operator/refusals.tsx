import { getLocale, getTranslations } from "next-intl/server";
import { formatMiB } from "@/lib/format";
import type { RefusalRow } from "@/lib/operators/fleet-view";
import { HeaderCell, TableFrame } from "./page-header";

/** Customers who asked for guaranteed memory that their server's host had no room for. */
export async function Refusals({ rows }: { rows: RefusalRow[] }) {
  const [t, operator, locale] = await Promise.all([getTranslations("operator.failures.refusals"), getTranslations("operator"), getLocale()]);
  return (
    <TableFrame caption={t("title")}>
      <thead>
        <tr>
          <HeaderCell>{t("columns.when")}</HeaderCell>
          <HeaderCell>{t("columns.server")}</HeaderCell>
          <HeaderCell>{t("columns.reason")}</HeaderCell>
          <HeaderCell align="right">{t("columns.asked")}</HeaderCell>
          <HeaderCell align="right">{t("columns.reserved")}</HeaderCell>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((refusal) => (
          <tr key={refusal.id}>
            <td className="whitespace-nowrap px-4 py-3 text-slate-700">
              <time dateTime={refusal.at.toISOString()}>{operator("utcTime", { time: refusal.at.toISOString().replace("T", " ").slice(0, 16) })}</time>
            </td>
            <td className="px-4 py-3">
              <p className="whitespace-nowrap text-slate-900">{refusal.server?.name ?? t("deletedServer")}</p>
              {refusal.customer && <p className="text-xs text-slate-600">{refusal.customer}</p>}
            </td>
            <td className="whitespace-nowrap px-4 py-3 text-slate-700">{t(`reason.${refusal.reason}`)}</td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700">{formatMiB(refusal.requestedMiB, locale)}</td>
            <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700">
              {t("reservedOf", {
                reserved: formatMiB(refusal.reservedMiB, locale),
                capacity: refusal.capacityMiB === null ? t("unknownCapacity") : formatMiB(refusal.capacityMiB, locale),
              })}
            </td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}
