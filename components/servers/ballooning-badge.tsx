import { Badge } from "@/components/ui/badge";
import type { ServerView } from "@/lib/contracts/servers";

/** Ballooning as the customer set it, and whether the running server has caught up. */
export function BallooningBadge({ ballooning }: { ballooning: ServerView["ballooning"] }) {
  if (!ballooning.supported) return <Badge>Not available</Badge>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      {ballooning.enabled ? <Badge tone="success">On</Badge> : <Badge tone="neutral">Off</Badge>}
      {ballooning.pendingRestart && <Badge tone="warning">Pending restart</Badge>}
      {ballooning.applied === null && <Badge tone="neutral">State unknown</Badge>}
    </span>
  );
}
