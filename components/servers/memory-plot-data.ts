import type { MemoryPoint, MemorySeriesPoints } from "@/lib/contracts/metrics";
import { dateLocale } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";
import type { MemoryRange } from "@/lib/metrics/memory-ranges";

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
export function toPlotColumns(series: Pick<MemorySeriesPoints, "source" | "points">, stepMs: number): PlotColumns {
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
 * Where readings paused: a gap more than 2.5 times the usual spacing around it (the median of the
 * four spacings on either side, since agents report at their own pace) and than the range's
 * spacing. The median keeps one pause from hiding the next one beside it.
 */
function breaksBefore(points: MemoryPoint[], stepMs: number): boolean[] {
  const times = points.map((p) => Date.parse(p.at));
  const spacings = times.map((time, i) => (i === 0 ? 0 : time - (times[i - 1] ?? time)));
  return spacings.map((spacing, i) => {
    if (i === 0) return false;
    const around = [...spacings.slice(Math.max(1, i - 4), i), ...spacings.slice(i + 1, i + 5)];
    return spacing > Math.max(stepMs, median(around)) * 2.5;
  });
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
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

// The chart's ways of writing a moment, in the reader's language: the time axis's labels (a time
// within a day, a weekday, a date) and the read-out's stamps (to the minute, or to the second for
// the last hour, whose readings are seconds apart).
const FORMATS = {
  time: { hour: "2-digit", minute: "2-digit" },
  weekday: { weekday: "short", day: "numeric" },
  date: { day: "numeric", month: "short" },
  stamp: { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" },
  stampSeconds: { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formats = new Map<string, Intl.DateTimeFormat>();
export function dateFormat(kind: keyof typeof FORMATS, locale: Locale): Intl.DateTimeFormat {
  const key = `${kind} ${locale}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(dateLocale(locale), FORMATS[kind])));
  return format;
}

export function timeLabel(range: MemoryRange, ms: number, locale: Locale): string {
  const kind = range === "1h" || range === "24h" ? "time" : range === "7d" ? "weekday" : "date";
  return dateFormat(kind, locale).format(new Date(ms));
}

/** Time labels at round local times (00:00, 04:00…; midnights), spaced to fit the width. */
export function timeTicks(range: MemoryRange, startMs: number, endMs: number, width: number): number[] {
  const narrow = width < 420;
  const margin = 0.03 * (endMs - startMs);
  const inView = (ms: number) => ms >= startMs + margin && ms <= endMs - margin;
  const first = new Date(startMs);
  const ticks: number[] = [];
  if (range === "7d" || range === "30d") {
    // Calendar days, not 24-hour steps, so a clock change keeps every label on a midnight.
    const everyDays = range === "7d" ? (narrow ? 2 : 1) : narrow ? 10 : 5;
    first.setHours(0, 0, 0, 0);
    for (const day = first; day.getTime() <= endMs; day.setDate(day.getDate() + everyDays)) {
      if (inView(day.getTime())) ticks.push(day.getTime());
    }
    return ticks;
  }
  // Within a day: walk the whole hours (or ten minutes) and keep the round ones in local time.
  const everyMinutes = range === "1h" ? (narrow ? 20 : 10) : (narrow ? 8 : 4) * 60;
  first.setMinutes(0, 0, 0);
  for (let ms = first.getTime(); ms <= endMs; ms += Math.min(everyMinutes, 60) * MINUTE) {
    const at = new Date(ms);
    const minuteOfDay = at.getHours() * 60 + at.getMinutes();
    if (minuteOfDay % everyMinutes === 0 && inView(ms)) ticks.push(ms);
  }
  return ticks;
}
