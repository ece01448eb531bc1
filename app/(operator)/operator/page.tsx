import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { HostsTable } from "@/components/operator/hosts-table";
import { EmptyState } from "@/components/operator/page-header";
import { PageHeader } from "@/components/ui/page-header";
import { requireOperatorPage } from "@/lib/auth/page-session";
import { operatorHosts } from "@/lib/operators/fleet-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("operator.hosts");
  return { title: t("title") };
}

export default async function OperatorHostsPage() {
  await requireOperatorPage("/operator");
  const [{ at, hosts }, t] = await Promise.all([operatorHosts(), getTranslations("operator.hosts")]);
  return (
    <>
      <PageHeader title={t("title")}>{t("summary", { count: hosts.length })}</PageHeader>
      {hosts.length ? (
        <HostsTable rows={hosts} now={at} />
      ) : (
        <EmptyState title={t("empty.title")}>{t("empty.text", { command: "npm run ops -- host add" })}</EmptyState>
      )}
    </>
  );
}
