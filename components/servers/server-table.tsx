import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatMiB, imageName } from "@/lib/format";
import { clientWords } from "@/lib/i18n/client-words";
import type { MemoryUsage } from "@/lib/metrics/usage";
import type { ServerView } from "@/lib/contracts/servers";
import { BallooningBadgeView } from "./badge-views";
import { MemoryUsageBar } from "./memory-usage-bar";
import { ServerStatusBadge } from "./server-status-badge";
import { VirtualizationBadge } from "./virtualization-badge";

export type ServerRow = { server: ServerView; usage: MemoryUsage | null };

export async function ServerTable({ rows }: { rows: ServerRow[] }) {
  const t = await getTranslations("servers.list");
  const imported = (await getTranslations("common"))("importedImage");
  const locale = await getLocale();
  const { badges } = await clientWords("servers");
  const { usage: usageWords, sources } = await clientWords("memory");
  const memoryWords = { usage: usageWords, sources };
  const plan = (server: ServerView) => t("plan", { memory: formatMiB(server.memoryMiB, locale), vcpus: server.vcpus });
  return (
    <>
      <ul className="space-y-3 md:hidden" aria-label={t("caption")}>
        {/* The same list as cards, for narrow screens where six columns do not fit. */}
        {rows.map(({ server, usage }) => (
          <li key={server.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <Link href={`/servers/${server.id}`} className="break-words font-medium text-slate-900 hover:text-indigo-700">
                  {server.name}
                </Link>
                <p className="text-xs text-slate-600">
                  {imageName(server.image, imported)} · {plan(server)}
                </p>
              </div>
              <ServerStatusBadge status={server.status} />
            </div>
            <div className="mt-3">
              <MemoryUsageBar usage={usage} words={memoryWords} locale={locale} />
            </div>
            <div className="mt-3 flex flex-wrap items-center gap-2 text-xs text-slate-600">
              <VirtualizationBadge virtualization={server.virtualization} words={badges.virtualization} />
              <span>{t("ballooning")}</span>
              <BallooningBadgeView ballooning={server.ballooning} words={badges.ballooning} />
            </div>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm md:block">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{t("caption")}</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="px-5 py-3">{t("columns.server")}</th>
              <th scope="col" className="px-5 py-3">{t("columns.status")}</th>
              <th scope="col" className="px-5 py-3">{t("columns.type")}</th>
              <th scope="col" className="px-5 py-3">{t("columns.plan")}</th>
              <th scope="col" className="px-5 py-3">{t("columns.memory")}</th>
              <th scope="col" className="px-5 py-3">{t("columns.ballooning")}</th>
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
                  <p className="text-xs text-slate-600">{imageName(server.image, imported)}</p>
                </td>
                <td className="px-5 py-4"><ServerStatusBadge status={server.status} /></td>
                <td className="px-5 py-4"><VirtualizationBadge virtualization={server.virtualization} words={badges.virtualization} /></td>
                <td className="whitespace-nowrap px-5 py-4 text-slate-700">{plan(server)}</td>
                <td className="px-5 py-4"><MemoryUsageBar usage={usage} words={memoryWords} locale={locale} compact /></td>
                <td className="px-5 py-4"><BallooningBadgeView ballooning={server.ballooning} words={badges.ballooning} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
