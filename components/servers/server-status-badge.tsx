import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ServerView } from "@/lib/contracts/servers";

const STATUS: Record<ServerView["status"], { label: string; tone: BadgeTone }> = {
  running: { label: "Running", tone: "success" },
  stopped: { label: "Stopped", tone: "neutral" },
  restarting: { label: "Restarting", tone: "info" },
  reinstalling: { label: "Reinstalling", tone: "info" },
  unknown: { label: "Unknown", tone: "warning" },
};

export function ServerStatusBadge({ status }: { status: ServerView["status"] }) {
  const { label, tone } = STATUS[status];
  return (
    <Badge tone={tone} dot>
      {label}
    </Badge>
  );
}
