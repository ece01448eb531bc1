import type { MemoryPoint, MemorySeries } from "@/lib/contracts/metrics.ts";

// What "in use" means depends on where the numbers come from. With guest figures (a balloon driver
// reporting stats) it is the guest's own used memory, cache apart. With only the host's view it is the
// resident size of the server's process on the host, which also counts memory the guest has cached.

export type MemorySourceName = MemorySeries["source"];

export type MemoryUsage = {
  source: MemorySourceName;
  totalKiB: number;
  inUseKiB: number | null;
  cacheKiB: number | null;
  label: string;
};

export function memoryUsage(source: MemorySourceName, point: MemoryPoint): MemoryUsage {
  if (source === "guest") {
    return { source, totalKiB: point.totalKiB, inUseKiB: point.usedKiB, cacheKiB: point.cacheKiB, label: "used by the guest" };
  }
  return { source, totalKiB: point.totalKiB, inUseKiB: point.rssKiB, cacheKiB: null, label: "resident on the host" };
}

export const SOURCE_NAMES: Record<MemorySourceName, string> = {
  guest: "Guest figures",
  host: "Host view",
};
