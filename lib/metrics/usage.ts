import type { MemoryPoint, MemorySeries } from "@/lib/contracts/metrics.ts";
import type { ServerView } from "@/lib/contracts/servers.ts";

// What "in use" means depends on where the numbers come from. With guest figures (a balloon driver
// reporting stats) it is the guest's own used memory, cache apart. With only the host's view it is the
// resident size of the server's process on the host, which also counts memory the guest has cached.
// The words for each (the source's name, why only the host's view) are the memory messages', picked
// by the components from `source` and the reason code.

export type MemorySourceName = MemorySeries["source"];

export type MemoryUsage = {
  source: MemorySourceName;
  totalKiB: number;
  inUseKiB: number | null;
  cacheKiB: number | null;
};

export function memoryUsage(source: MemorySourceName, point: MemoryPoint): MemoryUsage {
  if (source === "guest") {
    return { source, totalKiB: point.totalKiB, inUseKiB: point.usedKiB, cacheKiB: point.cacheKiB };
  }
  return { source, totalKiB: point.totalKiB, inUseKiB: point.rssKiB, cacheKiB: null };
}

/**
 * Why a server's memory shows only the host's view: an LXC container has no balloon; a KVM server
 * runs without one (ballooning off); or it has one, but the driver inside the guest reports nothing
 * (not installed or not loaded, or the guest still booting); or the host has not said yet.
 */
export type HostViewReason = "lxc" | "ballooning_off" | "driver_silent" | "not_seen";

export function hostViewReason(server: Pick<ServerView, "virtualization" | "ballooning">): HostViewReason {
  if (server.virtualization === "lxc") return "lxc";
  if (server.ballooning.applied === null) return "not_seen";
  return server.ballooning.applied ? "driver_silent" : "ballooning_off";
}
