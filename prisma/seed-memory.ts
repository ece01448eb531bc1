import type { MemorySource, Virtualization } from "../lib/db/generated/enums.ts";
import { memoryFigures, type MemoryFigures } from "../lib/hypervisor/memory-stats.ts";
import { hostMemoryStats, type RunningGuest } from "../lib/hypervisor/simulated/memory-model.ts";

// A month of memory history for the demo, from the same model the simulated host reports live (a
// working set that follows the day, page cache filling the rest), so the history flows into the
// readings the built-in agent adds: the last day as raw readings (the last hour as often as the agent reports), the rest as five-minute roll-ups. A server whose ballooning was switched off has guest figures
// until then and only the host's view after. Deterministic for a given domain name and time.

const STEP_MS = 5 * 60_000;
/** How often the built-in agent reports: the last hour's readings are this far apart. */
const REPORT_STEP_MS = 10_000;
const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
/** Days of history: the roll-ups' retention. */
const RETENTION_DAYS = 30;
/** Long enough before the history shown that every guest had booted and filled its cache. */
const BOOTED_BEFORE_MS = (RETENTION_DAYS + 1) * DAY_MS;
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

type DemoServer = {
  serverId: string;
  domainName: string;
  virtualization: Virtualization;
  memoryMiB: number;
  ballooning: boolean;
  now: Date;
  /** When ballooning was switched off: readings before it are the guest's own. */
  guestUntil?: Date;
};

/** What the simulated host would have reported for the server at `at`. */
function figuresAt(server: DemoServer, at: number): MemoryFigures | null {
  const memoryKiB = server.memoryMiB * 1024;
  const bootedAtMs = server.now.getTime() - BOOTED_BEFORE_MS;
  const balloon = server.ballooning || (server.guestUntil !== undefined && at < server.guestUntil.getTime()) ? "virtio" : "none";
  const guest: RunningGuest = {
    name: server.domainName,
    virtualization: server.virtualization,
    memoryKiB,
    currentMemoryKiB: memoryKiB,
    balloon,
    statsPeriodSeconds: balloon === "virtio" ? STATS_PERIOD_SECONDS : null,
    startedAtMs: bootedAtMs,
    bootedAtMs,
  };
  const [stats] = hostMemoryStats([guest], HOST_MEMORY_KIB, at);
  return stats ? memoryFigures(stats, memoryKiB) : null;
}

/**
 * The last day's raw readings up to `now`: one every five minutes, and for the last hour one every
 * 10 s, as often as the agent reports, so the hour's chart is as full at the first start as it is later.
 */
export function dayOfMemorySamples(server: DemoServer): Sample[] {
  const samples: Sample[] = [];
  const end = server.now.getTime();
  const lastHour = end - HOUR_MS;
  for (let at = end - DAY_MS; at <= end; at += at < lastHour ? STEP_MS : REPORT_STEP_MS) {
    const figures = figuresAt(server, at);
    if (!figures) continue;
    samples.push({
      serverId: server.serverId,
      at: new Date(at),
      source: figures.source,
      totalKiB: BigInt(server.memoryMiB * 1024),
      balloonKiB: big(figures.balloonKiB),
      usedKiB: big(figures.usedKiB),
      availableKiB: big(figures.availableKiB),
      cacheKiB: big(figures.cacheKiB),
      rssKiB: big(figures.rssKiB),
    });
  }
  return samples;
}

type Rollup = {
  serverId: string;
  bucketStart: Date;
  source: MemorySource;
  sampleCount: number;
  totalKiB: bigint;
  balloonKiB: bigint | null;
  availableKiB: bigint | null;
  cacheKiB: bigint | null;
  usedMinKiB: bigint | null;
  usedAvgKiB: bigint | null;
  usedMaxKiB: bigint | null;
  rssMinKiB: bigint | null;
  rssAvgKiB: bigint | null;
  rssMaxKiB: bigint | null;
};

/**
 * The 29 days before the last one, as the scheduled job would have rolled them up: five-minute
 * buckets of 30 readings (10 s apart), here drawn from three points of the model per bucket. They
 * end where the raw readings begin, so the job rolls those up itself.
 */
export function monthOfMemoryRollups(server: DemoServer): Rollup[] {
  const rollups: Rollup[] = [];
  const firstRaw = Math.floor((server.now.getTime() - DAY_MS) / STEP_MS) * STEP_MS;
  for (let bucket = firstRaw - (RETENTION_DAYS - 1) * DAY_MS; bucket < firstRaw; bucket += STEP_MS) {
    const readings = [0, 100_000, 200_000].map((offset) => figuresAt(server, bucket + offset)).filter((f) => f !== null);
    const middle = readings[1];
    if (!middle) continue;
    const spread = (pick: (f: MemoryFigures) => number | null) => {
      const values = readings.map(pick).filter((v) => v !== null);
      if (values.length === 0) return { min: null, avg: null, max: null };
      return { min: big(Math.min(...values)), avg: big(Math.round(values.reduce((a, b) => a + b, 0) / values.length)), max: big(Math.max(...values)) };
    };
    const used = spread((f) => f.usedKiB);
    const rss = spread((f) => f.rssKiB);
    rollups.push({
      serverId: server.serverId,
      bucketStart: new Date(bucket),
      source: middle.source,
      sampleCount: 30,
      totalKiB: BigInt(server.memoryMiB * 1024),
      balloonKiB: big(middle.balloonKiB),
      availableKiB: big(middle.availableKiB),
      cacheKiB: big(middle.cacheKiB),
      usedMinKiB: used.min,
      usedAvgKiB: used.avg,
      usedMaxKiB: used.max,
      rssMinKiB: rss.min,
      rssAvgKiB: rss.avg,
      rssMaxKiB: rss.max,
    });
  }
  return rollups;
}
