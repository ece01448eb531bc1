import { Badge } from "@/components/ui/badge";
import type { ServerView } from "@/lib/contracts/servers";
import type { BadgeWords } from "./words";

export function VirtualizationBadge({ virtualization, words }: { virtualization: ServerView["virtualization"]; words: BadgeWords["virtualization"] }) {
  return <span className="inline-flex whitespace-nowrap">{virtualization === "kvm" ? <Badge tone="brand">{words.kvm}</Badge> : <Badge tone="warning">{words.lxc}</Badge>}</span>;
}
