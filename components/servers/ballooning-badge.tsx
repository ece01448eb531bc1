"use client";

import type { ServerView } from "@/lib/contracts/servers";
import { BallooningBadgeView } from "./badge-views";
import { useServerPageWords } from "./server-page-words";

/** Ballooning as the customer set it, on a server's pages (in their layout's ServerPageWordsProvider). */
export function BallooningBadge({ ballooning }: { ballooning: ServerView["ballooning"] }) {
  return <BallooningBadgeView ballooning={ballooning} words={useServerPageWords().badges.ballooning} />;
}
