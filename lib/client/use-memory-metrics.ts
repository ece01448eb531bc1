"use client";

// The server's memory over a range, for the overview chart. Polled every 10 s while the tab is
// visible (TanStack Query pauses the interval in the background); switching range keeps the previous
// series on screen until the new one arrives.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { MemoryRange } from "@/lib/metrics/memory-ranges";
import { fetchMemorySeries, retryUnlessClientError } from "./api";

const POLL_MS = 10_000;

export const memoryMetricsKey = (serverId: string, range: MemoryRange) => ["memory-metrics", serverId, range] as const;

export function useMemoryMetrics(serverId: string, range: MemoryRange) {
  return useQuery({
    queryKey: memoryMetricsKey(serverId, range),
    queryFn: ({ signal }) => fetchMemorySeries(serverId, range, signal),
    retry: retryUnlessClientError,
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
}
