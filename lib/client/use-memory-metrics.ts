"use client";

// The server's memory over a range, for the overview chart. Polled every 10 s while the tab is
// visible (TanStack Query pauses the interval in the background); switching range keeps the previous
// series on screen until the new one arrives.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { MemoryPoint } from "@/lib/metrics/memory-point";
import type { MemorySourceName } from "@/lib/metrics/usage";
import { ApiRequestError } from "./api";

export type { MemoryPoint };

export const MEMORY_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type MemoryRange = (typeof MEMORY_RANGES)[number];

export type MemorySeries = { source: MemorySourceName; latest: MemoryPoint | null; points: MemoryPoint[] };

const POLL_MS = 10_000;

export const memoryMetricsKey = (serverId: string, range: MemoryRange) => ["memory-metrics", serverId, range] as const;

function isSeries(body: unknown): body is MemorySeries {
  return typeof body === "object" && body !== null && "source" in body && "points" in body && Array.isArray(body.points);
}

export async function fetchMemorySeries(serverId: string, range: MemoryRange, signal?: AbortSignal): Promise<MemorySeries> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/servers/${encodeURIComponent(serverId)}/metrics/memory?range=${range}`, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
      signal,
    });
  } catch {
    throw new ApiRequestError("The dashboard could not be reached. Check your connection and try again.", "network", 0);
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isSeries(body)) return body;
  if (response.status === 401) throw new ApiRequestError("Your session has ended. Sign in again to continue.", "unauthorized", 401);
  throw new ApiRequestError("The memory figures could not be loaded right now. They will be tried again shortly.", "unexpected_response", response.status);
}

function retry(failureCount: number, error: Error): boolean {
  if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function useMemoryMetrics(serverId: string, range: MemoryRange) {
  return useQuery({
    queryKey: memoryMetricsKey(serverId, range),
    queryFn: ({ signal }) => fetchMemorySeries(serverId, range, signal),
    retry,
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
}
