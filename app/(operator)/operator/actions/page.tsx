import type { Metadata } from "next";
import { FailedActions } from "@/components/operator/failed-actions";
import { EmptyState, PageHeader } from "@/components/operator/page-header";
import { requireOperatorPage } from "@/lib/auth/page-session";
import { recentFailedActions } from "@/lib/operators/fleet-view";

export const metadata: Metadata = { title: "Failures" };

export default async function OperatorFailuresPage() {
  await requireOperatorPage("/operator/actions");
  const failed = await recentFailedActions();
  return (
    <>
      <PageHeader title="Failures">The newest failed actions, with the host&apos;s own message that customers do not see.</PageHeader>
      <section aria-labelledby="failed-actions">
        <h2 id="failed-actions" className="mb-3 text-sm font-semibold text-slate-900">Failed actions</h2>
        {failed.length ? <FailedActions rows={failed} /> : <EmptyState title="No failed actions">Every action so far finished or is still running.</EmptyState>}
      </section>
    </>
  );
}
