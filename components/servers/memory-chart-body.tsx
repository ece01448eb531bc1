"use client";

import { useMemo, useState } from "react";
import { LegendSwatch } from "@/components/ui/legend-swatch";
import type { MemorySeriesPoints } from "@/lib/contracts/metrics";
import type { Locale } from "@/lib/i18n/locales";
import { MEMORY_RANGE_SPANS, type MemoryRange } from "@/lib/metrics/memory-ranges";
import { MEMORY_COLOURS } from "./memory-colours";
import { EVENT_COLOURS } from "./memory-events";
import MemoryPlot from "./memory-plot";
import { dateFormat, toPlotColumns } from "./memory-plot-data";
import { describeReading, readingAt, summary } from "./memory-readout";
import type { ChartWords } from "./words";

// The memory chart's plot, its read-out and its markers (memory-chart.tsx loads this module, and
// uPlot with it, only once there is a series to draw).

export function MemoryChartBody({ series, range, endMs, words, locale }: { series: MemorySeriesPoints; range: MemoryRange; endMs: number; words: ChartWords; locale: Locale }) {
  const spec = MEMORY_RANGE_SPANS[range];
  const startMs = endMs - spec.spanMs;
  const columns = useMemo(() => toPlotColumns(series, spec.stepMs), [series, spec.stepMs]);
  const events = useMemo(() => series.events.filter((event) => Date.parse(event.at) >= startMs), [series.events, startMs]);
  const [hovered, setHovered] = useState<number | null>(null);
  const reading = readingAt(columns, hovered, series.latest);
  // For the last hour, whose readings are seconds apart, the read-out's time has seconds.
  const stamp = dateFormat(range === "1h" ? "stampSeconds" : "stamp", locale);
  const { when, figures } = reading ? describeReading(reading, series.source, stamp, words, locale) : { when: words.noReadings, figures: [] };

  return (
    <div>
      {/* For the eye; screen readers hear the same words as the plot's value. */}
      <p className="mb-2 flex min-h-4 flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 tabular-nums" aria-hidden>
        <span className="font-medium text-slate-900">{when}</span>
        {figures.map((figure) => (
          <span key={figure}>{figure}</span>
        ))}
      </p>
      <MemoryPlot
        columns={columns}
        range={range}
        startMs={startMs}
        endMs={endMs}
        events={events}
        onHover={setHovered}
        label={summary(series, range, words, locale)}
        valueText={[when, ...figures].join(", ")}
        words={words}
        locale={locale}
      />
      <ChartLegend source={series.source} words={words.legend} />
      {events.length > 0 && (
        <ul className="mt-3 space-y-1 border-t border-slate-100 pt-3 text-xs text-slate-700" aria-label={words.changes}>
          {events.map((event) => (
            <li key={`${event.kind}-${event.at}`} className="flex items-center gap-2">
              <span className="h-3 w-0.5 shrink-0 rounded-full" style={{ backgroundColor: EVENT_COLOURS[event.kind] }} aria-hidden />
              <time dateTime={event.at} className="shrink-0 tabular-nums text-slate-500">
                {dateFormat("stamp", locale).format(new Date(event.at))}
              </time>
              <span className="min-w-0">{words.events[event.kind].description}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ChartLegend({ source, words }: { source: MemorySeriesPoints["source"]; words: ChartWords["legend"] }) {
  return (
    <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden>
      {source === "guest" ? (
        <>
          <LegendSwatch className={MEMORY_COLOURS.used.className} label={words.used} />
          <LegendSwatch className={MEMORY_COLOURS.cache.className} label={words.cache} />
        </>
      ) : (
        <LegendSwatch className={MEMORY_COLOURS.used.className} label={words.resident} />
      )}
      <span className="inline-flex items-center gap-1.5">
        <span className="w-4 border-t-2 border-dashed border-slate-500" />
        {words.plan}
      </span>
    </p>
  );
}
