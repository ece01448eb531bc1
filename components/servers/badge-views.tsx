import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ServerView } from "@/lib/contracts/servers";
import type { BadgeWords } from "./words";

// The status and ballooning badges with their words given: for server components (which read the
// messages themselves) and client ones (which take them from the server) alike.

const STATUS_TONES: Record<ServerView["status"], BadgeTone> = {
  running: "success",
  stopped: "neutral",
  restarting: "info",
  reinstalling: "info",
  unknown: "warning",
};

// A badge's words stay on one line (Italian and German ones run long): where room is short, the
// title beside a badge wraps, or a second badge goes under the first.

export function StatusBadgeView({ status, words }: { status: ServerView["status"]; words: BadgeWords["status"] }) {
  return (
    <span className="inline-flex whitespace-nowrap">
      <Badge tone={STATUS_TONES[status]} dot>
        {words[status]}
      </Badge>
    </span>
  );
}

/** Ballooning as the customer set it, and whether the running server has caught up. */
export function BallooningBadgeView({ ballooning, words }: { ballooning: ServerView["ballooning"]; words: BadgeWords["ballooning"] }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5 whitespace-nowrap">
      {!ballooning.supported ? (
        <Badge>{words.notAvailable}</Badge>
      ) : (
        <>
          {ballooning.enabled ? <Badge tone="success">{words.on}</Badge> : <Badge tone="neutral">{words.off}</Badge>}
          {ballooning.pendingRestart && <Badge tone="warning">{words.pendingRestart}</Badge>}
          {ballooning.applied === null && <Badge tone="neutral">{words.unknown}</Badge>}
        </>
      )}
    </span>
  );
}
