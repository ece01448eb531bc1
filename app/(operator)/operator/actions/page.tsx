import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FailedActions } from "@/components/operator/failed-actions";
import { Refusals } from "@/components/operator/refusals";
import { EmptyState } from "@/components/operator/page-header";
import { PageHeader } from "@/components/ui/page-header";
import { requireOperatorPage } from "@/lib/auth/page-session";
import { recentFailedActions, recentRefusals } from "@/lib/operators/fleet-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("operator.failures");
  return { title: t("title") };
}

export default async function OperatorFailuresPage() {
  await requireOperatorPage("/operator/actions");
  const [failed, refusals, t] = await Promise.all([recentFailedActions(), recentRefusals(), getTranslations("operator.failures")]);
  return (
    <>
      <PageHeader title={t("title")}>{t("summary")}</PageHeader>
      <section aria-labelledby="failed-actions">
        <h2 id="failed-actions" className="mb-3 text-sm font-semibold text-slate-900">{t("failedActions.title")}</h2>
        {failed.length ? <FailedActions rows={failed} /> : <EmptyState title={t("failedActions.emptyTitle")}>{t("failedActions.emptyText")}</EmptyState>}
      </section>
      <section aria-labelledby="refusals" className="mt-8">
        <h2 id="refusals" className="mb-3 text-sm font-semibold text-slate-900">{t("refusals.title")}</h2>
        {refusals.length ? <Refusals rows={refusals} /> : <EmptyState title={t("refusals.emptyTitle")}>{t("refusals.emptyText")}</EmptyState>}
      </section>
    </>
  );
}
