// The ranges the memory chart offers and the API answers, with what each spans and how far apart its
// points are. The API averages into buckets of `stepMs`; the chart reads the same spacing to tell a
// pause in readings from the usual gap between points. No server-only imports: the browser uses it too.

export const MEMORY_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type MemoryRange = (typeof MEMORY_RANGES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Span and point spacing per range: 360, 288, 168 and 360 points. A week is hourly: its points then
 * come from the hourly roll-ups (168 rows), not from 2,016 five-minute ones, on every poll.
 */
export const MEMORY_RANGE_SPANS: Record<MemoryRange, { spanMs: number; stepMs: number }> = {
  "1h": { spanMs: HOUR, stepMs: 10_000 },
  "24h": { spanMs: DAY, stepMs: 5 * MINUTE },
  "7d": { spanMs: 7 * DAY, stepMs: HOUR },
  "30d": { spanMs: 30 * DAY, stepMs: 2 * HOUR },
};
