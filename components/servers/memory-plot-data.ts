import type { MemoryPoint, MemoryRange, MemorySeries } from "@/lib/client/use-memory-metrics";

// The memory series reshaped for the plot: columns of equal length, seconds on the time axis (as
// uPlot wants), and null wherever a figure is unknown or readings paused, so the plot shows a gap
// there and never a drop to zero.

/** The plot's height in CSS pixels, axes and markers' flags included. */
export const PLOT_HEIGHT = 240;

export type PlotColumns = {
  /** Seconds since the epoch. */
  times: number[];
  /** The solid band from zero: used (guest figures) or resident on the host (host view). */
  lower: (number | null)[];
  /** The top of the cache band stacked on `lower`: used + cache. Guest figures only. */
  upper: (number | null)[] | null;
  plan: (number | null)[];
  /** The reading behind each row, for the hover read-out; null for a row that marks a pause. */
  points: (MemoryPoint | null)[];
  /** Rows with a value but no neighbour to join, drawn as dots so they stay visible. */
  lonely: number[];
  /** Round gridlines in KiB, from 0 to just above the highest figure or the plan size. */
  ticks: number[];
};

/**
 * Reshapes `series` for the plot. `stepMs` is the range's usual spacing of points; a pause much
 * longer than that, or than the spacing around it, gets a gap row so the line breaks.
 */
export function toPlotColumns(series: Pick<MemorySeries, "source" | "points">, stepMs: number): PlotColumns {
  const guest = series.source === "guest";
  const rows: (MemoryPoint | null)[] = [];
  const breaks = breaksBefore(series.points, stepMs);
  for (const [i, point] of series.points.entries()) {
    if (breaks[i]) rows.push(null);
    rows.push(point);
  }

  const times: number[] = [];
  for (const [i, row] of rows.entries()) {
    if (row) times.push(Date.parse(row.at) / 1000);
    else times.push(((Date.parse(rows[i - 1]?.at ?? "") + Date.parse(rows[i + 1]?.at ?? "")) / 2) / 1000);
  }
  const lower = rows.map((p) => (p === null ? null : guest ? p.usedKiB : p.rssKiB));
  const upper = guest ? rows.map((p) => (p === null || p.usedKiB === null || p.cacheKiB === null ? null : p.usedKiB + p.cacheKiB)) : null;
  const plan = rows.map((p) => p?.totalKiB ?? null);

  const highest = Math.max(1024, ...plan.map(known), ...lower.map(known), ...(upper ?? []).map(known));
  return { times, lower, upper, plan, points: rows, lonely: lonelyRows(lower), ticks: yTicks(highest) };
}

const known = (value: number | null) => value ?? 0;

/**
 * Where readings paused: a gap more than 2.5 times as long as the spacing on either side of it
 * (agents report at their own pace) and than the range's usual spacing.
 */
function breaksBefore(points: MemoryPoint[], stepMs: number): boolean[] {
  const times = points.map((p) => Date.parse(p.at));
  const spacing = (i: number) => {
    const a = times[i - 1];
    const b = times[i];
    return a === undefined || b === undefined ? 0 : b - a;
  };
  return times.map((_, i) => i > 0 && spacing(i) > Math.max(stepMs, spacing(i - 1), spacing(i + 1)) * 2.5);
}

function lonelyRows(values: (number | null)[]): number[] {
  return values.flatMap((value, i) => (value !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null ? [i] : []));
}

const MIB = 1024;
const NICE_STEPS_MIB = [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072];

/** Four or five round gridlines in MiB or GiB, from 0 to just above `maxKiB`. */
export function yTicks(maxKiB: number): number[] {
  const stepMiB = NICE_STEPS_MIB.find((s) => maxKiB / MIB / s <= 4) ?? NICE_STEPS_MIB.at(-1) ?? 1024;
  const step = stepMiB * MIB;
  const count = Math.max(1, Math.ceil(maxKiB / step));
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const WEEKDAY = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric" });
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });

export function timeLabel(range: MemoryRange, ms: number): string {
  const format = range === "1h" || range === "24h" ? TIME : range === "7d" ? WEEKDAY : DATE;
  return format.format(new Date(ms));
}

/** Time labels at round local times (00:00, 04:00…; midnights), spaced to fit the width. */
export function timeTicks(range: MemoryRange, startMs: number, endMs: number, width: number): number[] {
  const narrow = width < 420;
  const stepMs =
    range === "1h" ? (narrow ? 20 : 10) * MINUTE : range === "24h" ? (narrow ? 8 : 4) * HOUR : range === "7d" ? (narrow ? 2 : 1) * DAY : (narrow ? 10 : 5) * DAY;
  const first = new Date(startMs);
  if (stepMs >= DAY) first.setHours(0, 0, 0, 0);
  else first.setMinutes(0, 0, 0);
  // Hour-based steps walk hour by hour and keep the multiples (00:00, 04:00…), whatever the start.
  const walkMs = stepMs >= HOUR && stepMs < DAY ? HOUR : stepMs;
  const margin = 0.03 * (endMs - startMs);
  const ticks: number[] = [];
  for (let ms = first.getTime(); ms <= endMs; ms += walkMs) {
    if (walkMs === HOUR && new Date(ms).getHours() % (stepMs / HOUR) !== 0) continue;
    if (ms < startMs + margin || ms > endMs - margin) continue;
    ticks.push(ms);
  }
  return ticks;
}
