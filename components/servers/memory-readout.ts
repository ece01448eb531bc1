import type { MemoryPoint, MemorySeriesPoints } from "@/lib/contracts/metrics";
import { formatKiB } from "@/lib/format";
import { SOURCE_NAMES } from "@/lib/metrics/usage";
import type { PlotColumns } from "./memory-plot-data";
import type { RangeSpec } from "./memory-range-labels";

export { RANGES, type RangeSpec } from "./memory-range-labels";

// The memory chart's words: the range picker's labels, the read-out above the plot (what the
// pointer is on, or the latest reading) and the plot's summary for screen readers. Pure, so the
// wording is tested apart from the chart (tests/unit/memory-readout.test.ts).

/** What the read-out describes: the reading under the pointer, a pause in readings, or the latest. */
export type Reading = { kind: "latest"; point: MemoryPoint } | { kind: "at"; point: MemoryPoint } | { kind: "pause"; atMs: number };

export function readingAt(columns: PlotColumns, row: number | null, latest: MemoryPoint | null): Reading | null {
  if (row === null) return latest ? { kind: "latest", point: latest } : null;
  const point = columns.points[row];
  if (point) return { kind: "at", point };
  return { kind: "pause", atMs: (columns.times[row] ?? 0) * 1000 };
}

/** The read-out in words: when ("Latest" or the reading's time) and its figures ("Used 1.1 GiB", …). */
export function describeReading(reading: Reading, source: MemorySeriesPoints["source"], stamp: Intl.DateTimeFormat): { when: string; figures: string[] } {
  if (reading.kind === "pause") return { when: stamp.format(new Date(reading.atMs)), figures: ["No readings"] };
  const { point } = reading;
  const figure = (value: number | null) => (value === null ? "unknown" : formatKiB(value));
  return {
    when: reading.kind === "latest" ? "Latest" : stamp.format(new Date(point.at)),
    figures: [
      ...(source === "guest" ? [`Used ${figure(point.usedKiB)}`, `Cache ${figure(point.cacheKiB)}`] : [`Resident on host ${figure(point.rssKiB)}`]),
      `Plan ${formatKiB(point.totalKiB)}`,
    ],
  };
}

/** The plot's name for screen readers: the range, the source and the latest figures. */
export function summary(series: MemorySeriesPoints, spec: RangeSpec): string {
  const latest = series.latest;
  const head = `Memory over ${spec.words}, ${SOURCE_NAMES[series.source].toLowerCase()}.`;
  if (!latest) return `${head} No latest reading.`;
  // "1.5 GiB used", or "used not reported": a figure the guest did not send is never read as zero.
  const figure = (value: number | null, what: string) => (value === null ? `${what} not reported` : `${formatKiB(value)} ${what}`);
  const figures = series.source === "guest" ? [figure(latest.usedKiB, "used"), figure(latest.cacheKiB, "cache")] : [figure(latest.rssKiB, "resident on the host")];
  return `${head} Latest: ${figures.join(", ")}, of a ${formatKiB(latest.totalKiB)} plan.`;
}
