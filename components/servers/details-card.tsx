import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatMiB, imageName } from "@/lib/format";
import type { ServerView } from "@/lib/contracts/servers";

export function DetailsCard({ server }: { server: ServerView }) {
  const rows: [string, string][] = [
    ["Operating system", imageName(server.image)],
    ["Virtualization", server.virtualization === "kvm" ? "KVM" : "LXC (container)"],
    ["vCPUs", String(server.vcpus)],
    ["Memory", formatMiB(server.memoryMiB)],
  ];
  return (
    <Card>
      <CardHeader title="Details" />
      <CardBody>
        <dl className="divide-y divide-slate-100 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="flex justify-between gap-4 py-2 first:pt-0 last:pb-0">
              <dt className="text-slate-600">{label}</dt>
              <dd className="font-medium text-slate-900">{value}</dd>
            </div>
          ))}
          <div className="flex justify-between gap-4 py-2 last:pb-0">
            <dt className="whitespace-nowrap text-slate-600">Server ID</dt>
            <dd className="truncate font-mono text-xs text-slate-700" title={server.id}>{server.id}</dd>
          </div>
        </dl>
      </CardBody>
    </Card>
  );
}
