import type { MemoryPoint, MemorySeriesPoints } from "@/lib/contracts/metrics";
import { formatKiB } from "@/lib/format";
import { fillWords } from "@/lib/i18n/fill-words";
import type { Locale } from "@/lib/i18n/locales";
import type { MemoryRange } from "@/lib/metrics/memory-ranges";
import type { PlotColumns } from "./memory-plot-data";
import type { ChartWords } from "./words";

// The memory chart's read-out above the plot (what the pointer is on, or the latest reading) and
// the plot's summary for screen readers, put together from the chart's messages (memory.chart).
// Pure, so the wording is tested apart from the chart (tests/unit/memory-readout.test.ts).

/** What the read-out describes: the reading under the pointer, a pause in readings, or the latest. */
export type Reading = { kind: "latest"; point: MemoryPoint } | { kind: "at"; point: MemoryPoint } | { kind: "pause"; atMs: number };

export function readingAt(columns: PlotColumns, row: number | null, latest: MemoryPoint | null): Reading | null {
  if (row === null) return latest ? { kind: "latest", point: latest } : null;
  const point = columns.points[row];
  if (point) return { kind: "at", point };
  return { kind: "pause", atMs: (columns.times[row] ?? 0) * 1000 };
}

/** The read-out in words: when ("Latest" or the reading's time) and its figures ("Used 1.1 GiB", …). */
export function describeReading(
  reading: Reading,
  source: MemorySeriesPoints["source"],
  stamp: Intl.DateTimeFormat,
  words: ChartWords,
  locale: Locale,
): { when: string; figures: string[] } {
  if (reading.kind === "pause") return { when: stamp.format(new Date(reading.atMs)), figures: [words.noReadings] };
  const { point } = reading;
  const size = (value: number | null) => (value === null ? words.unknown : formatKiB(value, locale));
  const { readout } = words;
  return {
    when: reading.kind === "latest" ? words.latest : stamp.format(new Date(point.at)),
    figures: [
      ...(source === "guest"
        ? [fillWords(readout.used, { size: size(point.usedKiB) }), fillWords(readout.cache, { size: size(point.cacheKiB) })]
        : [fillWords(readout.resident, { size: size(point.rssKiB) })]),
      fillWords(readout.plan, { size: formatKiB(point.totalKiB, locale) }),
    ],
  };
}

/** The plot's name for screen readers: the range, the source and the latest figures. */
export function summary(series: MemorySeriesPoints, range: MemoryRange, words: ChartWords, locale: Locale): string {
  const said = words.summary;
  const head = fillWords(said.head, { range: words.ranges[range].span, source: said.sources[series.source] });
  const latest = series.latest;
  if (!latest) return `${head} ${said.noLatest}`;
  // "1.5 GiB used", or "used not reported": a figure the guest did not send is never read as zero.
  const figure = (value: number | null, known: string, missing: string) => (value === null ? missing : fillWords(known, { size: formatKiB(value, locale) }));
  const figures =
    series.source === "guest"
      ? [figure(latest.usedKiB, said.used, said.usedMissing), figure(latest.cacheKiB, said.cache, said.cacheMissing)]
      : [figure(latest.rssKiB, said.resident, said.residentMissing)];
  return `${head} ${fillWords(said.latest, { figures: figures.join(", "), plan: formatKiB(latest.totalKiB, locale) })}`;
}
