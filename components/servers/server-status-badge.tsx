import { clientWords } from "@/lib/i18n/client-words";
import type { ServerView } from "@/lib/contracts/servers";
import { StatusBadgeView } from "./badge-views";

/** A server's status, for server components (the servers list, the operators' tables); client ones use StatusBadgeView. */
export async function ServerStatusBadge({ status }: { status: ServerView["status"] }) {
  return <StatusBadgeView status={status} words={(await clientWords("servers")).badges.status} />;
}
