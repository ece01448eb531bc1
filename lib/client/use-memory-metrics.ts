"use client";

// The server's memory over a range, for the overview chart. Polled every 10 s while the tab is
// visible (TanStack Query pauses the interval in the background); switching range keeps the previous
// series on screen until the new one arrives.
import type { MemoryRange } from "@/lib/metrics/memory-ranges";
import type { MemorySeriesPoints } from "@/lib/contracts/metrics";
import { fetchMemorySeries, retryUnlessClientError } from "./api";
import { useLiveQuery } from "./live-query";

const POLL_MS = 10_000;

export const memoryMetricsKey = (serverId: string, range: MemoryRange) => ["memory-metrics", serverId, range] as const;

export function useMemoryMetrics(serverId: string, range: MemoryRange) {
  return useLiveQuery<MemorySeriesPoints>({
    queryKey: memoryMetricsKey(serverId, range),
    queryFn: ({ signal }) => fetchMemorySeries(serverId, range, signal),
    retry: retryUnlessClientError,
    // As TanStack's keepPreviousData: the last range's series until this one arrives.
    placeholderData: (previous) => previous,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
}
