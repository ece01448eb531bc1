import { getLocale, getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatMiB, imageName } from "@/lib/format";
import type { ServerView } from "@/lib/contracts/servers";

export async function DetailsCard({ server }: { server: ServerView }) {
  const t = await getTranslations("servers.details");
  const locale = await getLocale();
  const common = await getTranslations("common");
  const rows: [string, string][] = [
    [t("os"), imageName(server.image, common("importedImage"))],
    [t("virtualization"), server.virtualization === "kvm" ? t("kvm") : t("lxc")],
    [t("vcpus"), String(server.vcpus)],
    [t("memory"), formatMiB(server.memoryMiB, locale)],
    [t("disk"), server.diskGiB === null ? t("diskUnknown") : formatMiB(server.diskGiB * 1024, locale)],
  ];
  return (
    <Card>
      <CardHeader title={t("title")} />
      <CardBody>
        <dl className="divide-y divide-slate-100 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="flex justify-between gap-4 py-2 first:pt-0 last:pb-0">
              <dt className="text-slate-600">{label}</dt>
              <dd className="text-right font-medium text-slate-900">{value}</dd>
            </div>
          ))}
          <div className="flex justify-between gap-4 py-2 last:pb-0">
            <dt className="whitespace-nowrap text-slate-600">{t("serverId")}</dt>
            <dd className="truncate font-mono text-xs text-slate-700" title={server.id}>{server.id}</dd>
          </div>
        </dl>
      </CardBody>
    </Card>
  );
}
