import { LRUCache } from "lru-cache";
import type { MemoryRange } from "./memory-ranges.ts";

// The memory chart's points of whole buckets, kept per server and range in this process between
// polls. An open chart asks for its range every 10 s, but a month's points change only at the present
// end: a poll then reads from PostgreSQL only the points at both ends (the partial first bucket and
// those not yet final) and takes the rest from here, as a query-results cache in front of a
// time-series store does. What is final is the series' own rule (memory-series.ts): roll-ups settled
// before the newest one, or raw buckets read under the server's current count of late reports. An
// entry is checked against the request's own window every time: a point is used only inside it, so a
// kept point answers exactly what the query would.
// Hand-written rather than a generic cache's read-through: what may be kept is decided per point by
// that rule, and an entry grows at its end instead of being replaced.

/** One point of the series as the API writes it, and the start of its bucket (epoch ms). */
export type SeriesPoint = { at: number; json: string };

/**
 * `version`: what the points were read under (a server's late_samples_version), where that matters.
 * `json`: the points' JSON joined, written on the first poll that uses them all, so the polls after
 * it do not join a couple of hundred strings again.
 */
type Entry = { from: number; until: number; points: SeriesPoint[]; version?: string; json?: string };

/** Bounded by size: a chart's couple of hundred points are about 15 KiB of text, so this holds thousands of open charts. */
const MAX_BYTES = 64 * 1024 * 1024;

const entries = new LRUCache<string, Entry>({
  maxSize: MAX_BYTES,
  sizeCalculation: (entry) => entry.points.reduce((bytes, point) => bytes + point.json.length * 2 + 64, 64),
});

const keyOf = (serverId: string, range: MemoryRange) => `${serverId} ${range}`;

/**
 * The kept points of whole buckets from `from` on, and where they stop: the caller reads the rest
 * from `until`. Nothing kept (or nothing usable: a window that begins before the entry, a clock that
 * went back) answers `until` = `from`.
 */
export function keptPoints(serverId: string, range: MemoryRange, window: { from: number; present: number }): KeptPoints {
  const entry = entries.get(keyOf(serverId, range));
  if (!entry || entry.from > window.from || entry.until < window.from || entry.until > window.present) {
    return { until: window.from, points: [], json: "" };
  }
  const first = entry.points.findIndex((point) => point.at >= window.from);
  if (first === 0) {
    entry.json ??= joined(entry.points);
    return { until: entry.until, points: entry.points, version: entry.version, json: entry.json };
  }
  const points = first === -1 ? [] : entry.points.slice(first);
  return { until: entry.until, points, version: entry.version, json: joined(points) };
}

/** Kept points, and their JSON joined with commas, as the series writes them. */
export type KeptPoints = { until: number; points: SeriesPoint[]; version?: string; json: string };

const joined = (points: SeriesPoint[]) => points.map((point) => point.json).join(",");

/**
 * Keeps the points before `finalUntil` of a series whose whole buckets from `from` on are `points`
 * (the kept ones and those just read, oldest first). Drops what fell out of the window on the way.
 */
export function keepPoints(serverId: string, range: MemoryRange, { from, finalUntil, points, version }: { from: number; finalUntil: number; points: SeriesPoint[]; version?: string }): void {
  const key = keyOf(serverId, range);
  const entry = entries.get(key, { updateAgeOnGet: false });
  if (finalUntil <= from || (entry && entry.from <= from && entry.until >= finalUntil && entry.version === version)) return;
  entries.set(key, { from, until: finalUntil, points: points.filter((point) => point.at >= from && point.at < finalUntil), version });
}

/** Forgets a series' kept points: some of them no longer hold. */
export function forgetPoints(serverId: string, range: MemoryRange): void {
  entries.delete(keyOf(serverId, range));
}

/** Forgets every kept point (for tests that rewrite history under the same server). */
export function forgetKeptPoints(): void {
  entries.clear();
}
