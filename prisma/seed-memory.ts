import type { MemorySource, Virtualization } from "../lib/db/generated/enums.ts";
import { memoryFigures } from "../lib/hypervisor/memory-stats.ts";
import { hostMemoryStats, type RunningGuest } from "../lib/hypervisor/simulated/memory-model.ts";

// A day of memory readings for the demo, from the same model the simulated host reports live (a
// working set that follows the day, page cache filling the rest), so the history flows into the
// readings the built-in agent adds. A server whose ballooning was switched off has guest figures
// until then and only the host's view after. Deterministic for a given domain name and time.

const STEP_MS = 5 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
/** Long enough before the day shown that every guest had booted and filled its cache. */
const BOOTED_BEFORE_MS = 2 * DAY_MS;
/** The simulated host's size: large enough that it never squeezes a single guest's balloon. */
const HOST_MEMORY_KIB = 64 * 1024 * 1024;
const STATS_PERIOD_SECONDS = 10;

type Sample = {
  serverId: string;
  at: Date;
  source: MemorySource;
  totalKiB: bigint;
  balloonKiB: bigint | null;
  usedKiB: bigint | null;
  availableKiB: bigint | null;
  cacheKiB: bigint | null;
  rssKiB: bigint | null;
};

const big = (value: number | null) => (value === null ? null : BigInt(value));

export function dayOfMemorySamples(options: {
  serverId: string;
  domainName: string;
  virtualization: Virtualization;
  memoryMiB: number;
  ballooning: boolean;
  now: Date;
  /** When ballooning was switched off: readings before it are the guest's own. */
  guestUntil?: Date;
}): Sample[] {
  const { serverId, domainName, virtualization, memoryMiB, ballooning, now, guestUntil } = options;
  const memoryKiB = memoryMiB * 1024;
  const bootedAtMs = now.getTime() - BOOTED_BEFORE_MS;
  const samples: Sample[] = [];
  for (let at = now.getTime() - DAY_MS; at <= now.getTime(); at += STEP_MS) {
    const balloon = ballooning || (guestUntil !== undefined && at < guestUntil.getTime()) ? "virtio" : "none";
    const guest: RunningGuest = {
      name: domainName,
      virtualization,
      memoryKiB,
      currentMemoryKiB: memoryKiB,
      balloon,
      statsPeriodSeconds: balloon === "virtio" ? STATS_PERIOD_SECONDS : null,
      startedAtMs: bootedAtMs,
      bootedAtMs,
    };
    const [stats] = hostMemoryStats([guest], HOST_MEMORY_KIB, at);
    if (!stats) continue;
    const figures = memoryFigures(stats, memoryKiB);
    samples.push({
      serverId,
      at: new Date(at),
      source: figures.source,
      totalKiB: BigInt(memoryKiB),
      balloonKiB: big(figures.balloonKiB),
      usedKiB: big(figures.usedKiB),
      availableKiB: big(figures.availableKiB),
      cacheKiB: big(figures.cacheKiB),
      rssKiB: big(figures.rssKiB),
    });
  }
  return samples;
}
