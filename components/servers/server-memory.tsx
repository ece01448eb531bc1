"use client";

import { useEffect, useRef, useState } from "react";
import { invalidateQueries } from "@/lib/client/live-query";
import { useMemoryMetrics } from "@/lib/client/use-memory-metrics";
import type { MemoryRange } from "@/lib/metrics/memory-ranges";
import { useNow } from "@/lib/client/use-now";
import { queryKeys, useServer } from "@/lib/client/use-server-actions";
import type { Locale } from "@/lib/i18n/locales";
import type { LatestMemory } from "@/lib/metrics/latest-memory";
import type { ServerView } from "@/lib/contracts/servers";
import type { HostViewNotes } from "./host-view-notes";
import { MemoryCard } from "./memory-card";
import { MemoryChart } from "./memory-chart";
import type { ClientMemoryWords } from "./words";

/**
 * The overview's memory: the card with the latest figures and the chart over time, fed by one
 * polled query, so both show the same reading. The page renders the latest reading it read
 * itself until the first answer arrives. `words` are the memory messages, from the page.
 */
export function ServerMemory({
  server,
  initialLatest,
  hostViewNotes,
  words,
  locale,
}: {
  server: ServerView;
  initialLatest: LatestMemory | null;
  hostViewNotes: HostViewNotes;
  words: ClientMemoryWords;
  locale: Locale;
}) {
  const [range, setRange] = useState<MemoryRange>("1h");
  const query = useMemoryMetrics(server.id, range);
  const now = useNow();
  const series = query.data;
  const latest = series ? (series.latest ? { source: series.source, point: series.latest } : null) : initialLatest;

  // A change of source means the balloon came or went, perhaps through the API or another tab:
  // fetch the server again so the cards and the header agree with the figures.
  const source = latest?.source;
  const seenSource = useRef(source);
  useEffect(() => {
    if (source === seenSource.current) return;
    seenSource.current = source;
    void invalidateQueries(queryKeys.server(server.id));
  }, [source, server.id]);
  const liveServer = useServer(server.id, server).data;
  return (
    <>
      <MemoryCard server={liveServer} latest={latest} now={now} hostViewNotes={hostViewNotes} words={words} locale={locale} />
      <MemoryChart query={query} range={range} onRangeChange={setRange} now={now} words={words} locale={locale} />
    </>
  );
}
