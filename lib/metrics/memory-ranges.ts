// The ranges the memory chart offers and the API answers, with what each spans and how far apart its
// points are. The API averages into buckets of `stepMs`; the chart reads the same spacing to tell a
// pause in readings from the usual gap between points. No server-only imports: the browser uses it too.

export const MEMORY_RANGES = ["1h", "24h", "7d", "30d"] as const;
export type MemoryRange = (typeof MEMORY_RANGES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Span and point spacing per range: 180, 144, 168 and 180 points, about as many as a chart can draw
 * apart at its width. Every poll of every open chart writes, sends and reads them, so a range has no
 * more: the hour averages pairs of the agent's 10 s readings, the day pairs of five-minute roll-ups,
 * the week and the month whole hourly ones.
 */
export const MEMORY_RANGE_SPANS: Record<MemoryRange, { spanMs: number; stepMs: number }> = {
  "1h": { spanMs: HOUR, stepMs: 20_000 },
  "24h": { spanMs: DAY, stepMs: 10 * MINUTE },
  "7d": { spanMs: 7 * DAY, stepMs: HOUR },
  "30d": { spanMs: 30 * DAY, stepMs: 4 * HOUR },
};
