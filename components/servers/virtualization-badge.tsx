import { Badge } from "@/components/ui/badge";
import type { ServerView } from "@/lib/contracts/servers";

export function VirtualizationBadge({ virtualization }: { virtualization: ServerView["virtualization"] }) {
  return virtualization === "kvm" ? <Badge tone="brand">KVM</Badge> : <Badge tone="warning">LXC (legacy)</Badge>;
}
