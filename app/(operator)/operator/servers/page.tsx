import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/operator/page-header";
import { OperatorServersTable } from "@/components/operator/servers-table";
import { requireOperatorPage } from "@/lib/auth/page-session";
import { operatorServers } from "@/lib/operators/fleet-view";

export const metadata: Metadata = { title: "All servers" };

export default async function OperatorServersPage() {
  await requireOperatorPage("/operator/servers");
  const rows = await operatorServers();
  const pending = rows.filter((row) => row.changePending).length;
  const failing = rows.filter((row) => row.latestAction?.status === "error").length;
  return (
    <>
      <PageHeader title="All servers">
        {rows.length === 1 ? "1 server" : `${rows.length} servers`} · {pending} with a change pending · {failing} whose latest action failed
      </PageHeader>
      {rows.length ? (
        <OperatorServersTable rows={rows} />
      ) : (
        <EmptyState title="No servers yet">Import a host&apos;s domains with npm run ops -- server import.</EmptyState>
      )}
    </>
  );
}
