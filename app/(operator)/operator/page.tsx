import type { Metadata } from "next";
import { HostsTable } from "@/components/operator/hosts-table";
import { EmptyState, PageHeader } from "@/components/operator/page-header";
import { requireOperatorPage } from "@/lib/auth/page-session";
import { operatorHosts } from "@/lib/operators/fleet-view";

export const metadata: Metadata = { title: "Hosts" };

export default async function OperatorHostsPage() {
  await requireOperatorPage("/operator");
  const { at, hosts } = await operatorHosts();
  return (
    <>
      <PageHeader title="Hosts">{hosts.length === 1 ? "1 host" : `${hosts.length} hosts`} · what each node&apos;s agent last reported</PageHeader>
      {hosts.length ? (
        <HostsTable rows={hosts} now={at} />
      ) : (
        <EmptyState title="No hosts yet">Add one with npm run ops -- host add.</EmptyState>
      )}
    </>
  );
}
