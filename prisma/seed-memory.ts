import type { MemorySource } from "../lib/db/generated/enums.ts";

// A day of plausible memory readings for the demo: a working set that follows the day (busy in the
// afternoon, quiet at night), page cache that fills what is left, and a balloon that the host
// inflates at night when the guest leaves memory unused. Deterministic for a given seed.

const STEP_MS = 5 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

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

function random(seed: number): () => number {
  let state = seed * 2_654_435_761;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

export function dayOfMemorySamples(options: {
  serverId: string;
  memoryMiB: number;
  source: MemorySource;
  seed: number;
  now: Date;
  /** When ballooning was switched off: readings before it are the guest's own. */
  guestUntil?: Date;
}): Sample[] {
  const { serverId, memoryMiB, seed, now, guestUntil } = options;
  const next = random(seed);
  const totalKiB = memoryMiB * 1024;
  const baseShare = 0.25 + next() * 0.25;
  const samples: Sample[] = [];
  for (let at = now.getTime() - DAY_MS; at <= now.getTime(); at += STEP_MS) {
    const hour = new Date(at).getUTCHours() + new Date(at).getUTCMinutes() / 60;
    const daily = 0.5 + 0.5 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
    const usedShare = Math.min(0.92, baseShare + daily * 0.3 + (next() - 0.5) * 0.04);
    const used = Math.round(totalKiB * usedShare);
    const cache = Math.round((totalKiB - used) * (0.35 + next() * 0.1));
    // Host RSS trails what the guest has touched: used, most of the cache, and QEMU's own overhead.
    const rss = Math.min(totalKiB + 180_000, Math.round(used + cache * 0.9 + 150_000));
    const source: MemorySource = guestUntil && at < guestUntil.getTime() ? "guest" : options.source;
    if (source === "guest") {
      const nightInflation = daily < 0.3 ? Math.round((totalKiB - used - cache) * 0.5) : 0;
      const balloon = totalKiB - nightInflation;
      samples.push({
        serverId,
        at: new Date(at),
        source,
        totalKiB: BigInt(totalKiB),
        balloonKiB: BigInt(balloon),
        usedKiB: BigInt(used),
        availableKiB: BigInt(balloon - used),
        cacheKiB: BigInt(cache),
        rssKiB: BigInt(Math.min(rss, balloon + 150_000)),
      });
    } else {
      // Without a balloon driver (or on LXC) only the host's view of the process remains.
      samples.push({
        serverId,
        at: new Date(at),
        source,
        totalKiB: BigInt(totalKiB),
        balloonKiB: null,
        usedKiB: null,
        availableKiB: null,
        cacheKiB: null,
        rssKiB: BigInt(rss),
      });
    }
  }
  return samples;
}
