import type { DomainMemoryStats } from "./types.ts";

// Parses libvirt's memory statistics into typed figures (KiB). Two formats, both from real virsh:
// `virsh domstats --balloon` (every domain of a host in one call, "Domain: 'name'" blocks of
// `balloon.<field>=<value>`), and `dommemstat` (`<field> <value>` lines), which libvirt's test
// driver answers where it has no bulk statistics. A field that is not reported stays null.

const DOMSTATS_FIELDS: Record<string, keyof DomainMemoryStats> = {
  "balloon.current": "actualKiB",
  "balloon.maximum": "maximumKiB",
  "balloon.unused": "unusedKiB",
  "balloon.available": "availableKiB",
  "balloon.usable": "usableKiB",
  "balloon.disk_caches": "diskCachesKiB",
  "balloon.rss": "rssKiB",
  "balloon.last-update": "lastUpdate",
};

const DOMMEMSTAT_FIELDS: Record<string, keyof DomainMemoryStats> = {
  actual: "actualKiB",
  unused: "unusedKiB",
  available: "availableKiB",
  usable: "usableKiB",
  disk_caches: "diskCachesKiB",
  rss: "rssKiB",
  last_update: "lastUpdate",
};

export function emptyStats(name: string): DomainMemoryStats {
  return {
    name,
    actualKiB: null,
    maximumKiB: null,
    unusedKiB: null,
    availableKiB: null,
    usableKiB: null,
    diskCachesKiB: null,
    rssKiB: null,
    lastUpdate: null,
  };
}

export function parseDomstats(output: string): DomainMemoryStats[] {
  const domains: DomainMemoryStats[] = [];
  let current: DomainMemoryStats | undefined;
  for (const line of output.split("\n")) {
    const header = /^Domain: '(.*)'$/.exec(line.trim());
    if (header) {
      current = emptyStats(header[1] ?? "");
      domains.push(current);
      continue;
    }
    const field = /^\s*([\w.-]+)=(\d+)\s*$/.exec(line);
    const key = field && DOMSTATS_FIELDS[field[1] ?? ""];
    if (current && field && key) assign(current, key, Number(field[2]));
  }
  return domains.map(withoutStaleGuestFigures);
}

/** One domain's `dommemstat` output. */
export function parseDommemstat(name: string, output: string): DomainMemoryStats {
  const stats = emptyStats(name);
  for (const line of output.split("\n")) {
    const [field, value] = line.trim().split(/\s+/);
    const key = field ? DOMMEMSTAT_FIELDS[field] : undefined;
    if (key && value !== undefined && /^\d+$/.test(value)) assign(stats, key, Number(value));
  }
  return withoutStaleGuestFigures(stats);
}

function assign(stats: DomainMemoryStats, key: keyof DomainMemoryStats, value: number): void {
  if (key !== "name") stats[key] = value;
}

// QEMU reports last-update=0 before the guest's balloon driver has sent any figures: nothing to trust.
function withoutStaleGuestFigures(stats: DomainMemoryStats): DomainMemoryStats {
  return stats.lastUpdate === 0 ? { ...stats, lastUpdate: null } : stats;
}

/** Memory as the dashboard shows it: used as the guest sees it, cache apart. */
export type MemoryFigures = {
  source: "guest" | "host";
  totalKiB: number | null;
  balloonKiB: number | null;
  usedKiB: number | null;
  availableKiB: number | null;
  cacheKiB: number | null;
  rssKiB: number | null;
};

/**
 * "Used" is what the guest cannot hand out: available minus usable (usable already counts cache
 * the guest can drop). Guest figures exist only with a balloon driver reporting on a stats period;
 * otherwise only the host's view (rss) remains.
 */
export function memoryFigures(stats: DomainMemoryStats, planKiB: number | null = null): MemoryFigures {
  const guest = stats.availableKiB !== null && stats.usableKiB !== null && stats.lastUpdate !== null;
  return {
    source: guest ? "guest" : "host",
    totalKiB: planKiB ?? stats.maximumKiB ?? stats.actualKiB,
    balloonKiB: guest ? stats.actualKiB : null,
    usedKiB: guest && stats.availableKiB !== null && stats.usableKiB !== null ? Math.max(0, stats.availableKiB - stats.usableKiB) : null,
    availableKiB: guest ? stats.usableKiB : null,
    cacheKiB: guest ? stats.diskCachesKiB : null,
    rssKiB: stats.rssKiB,
  };
}
