import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/operator/page-header";
import { PageHeader } from "@/components/ui/page-header";
import { OperatorServersTable } from "@/components/operator/servers-table";
import { requireOperatorPage } from "@/lib/auth/page-session";
import { operatorServers } from "@/lib/operators/fleet-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("operator.servers");
  return { title: t("title") };
}

export default async function OperatorServersPage() {
  await requireOperatorPage("/operator/servers");
  const [rows, t] = await Promise.all([operatorServers(), getTranslations("operator.servers")]);
  const pending = rows.filter((row) => row.changePending).length;
  const failing = rows.filter((row) => row.latestAction?.status === "error").length;
  return (
    <>
      <PageHeader title={t("title")}>{t("summary", { count: rows.length, pending, failing })}</PageHeader>
      {rows.length ? (
        <OperatorServersTable rows={rows} />
      ) : (
        <EmptyState title={t("empty.title")}>{t("empty.text", { command: "npm run ops -- server import" })}</EmptyState>
      )}
    </>
  );
}
