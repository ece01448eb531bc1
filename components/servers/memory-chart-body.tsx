"use client";

import { useMemo, useState } from "react";
import { LegendSwatch } from "@/components/ui/legend-swatch";
import type { MemorySeriesPoints } from "@/lib/contracts/metrics";
import type { MemoryRange } from "@/lib/metrics/memory-ranges";
import { MEMORY_COLOURS } from "./memory-colours";
import { EVENT_COLOURS, EVENT_DESCRIPTIONS } from "./memory-events";
import MemoryPlot from "./memory-plot";
import { toPlotColumns } from "./memory-plot-data";
import { describeReading, RANGES, readingAt, summary } from "./memory-readout";

// The memory chart's plot, its read-out and its markers (memory-chart.tsx loads this module, and
// uPlot with it, only once there is a series to draw).

const STAMP = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
/** For the last hour, whose readings are seconds apart. */
const STAMP_SECONDS = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });

export function MemoryChartBody({ series, range, endMs }: { series: MemorySeriesPoints; range: MemoryRange; endMs: number }) {
  const spec = RANGES[range];
  const startMs = endMs - spec.spanMs;
  const columns = useMemo(() => toPlotColumns(series, spec.stepMs), [series, spec.stepMs]);
  const events = useMemo(() => series.events.filter((event) => Date.parse(event.at) >= startMs), [series.events, startMs]);
  const [hovered, setHovered] = useState<number | null>(null);
  const reading = readingAt(columns, hovered, series.latest);
  const { when, figures } = reading ? describeReading(reading, series.source, range === "1h" ? STAMP_SECONDS : STAMP) : { when: "No readings", figures: [] };

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
        label={summary(series, spec)}
        valueText={[when, ...figures].join(", ")}
      />
      <ChartLegend source={series.source} />
      {events.length > 0 && (
        <ul className="mt-3 space-y-1 border-t border-slate-100 pt-3 text-xs text-slate-700" aria-label="Changes in this range">
          {events.map((event) => (
            <li key={`${event.kind}-${event.at}`} className="flex items-center gap-2">
              <span className="h-3 w-0.5 shrink-0 rounded-full" style={{ backgroundColor: EVENT_COLOURS[event.kind] }} aria-hidden />
              <time dateTime={event.at} className="tabular-nums text-slate-500">
                {STAMP.format(new Date(event.at))}
              </time>
              <span>{EVENT_DESCRIPTIONS[event.kind]}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ChartLegend({ source }: { source: MemorySeriesPoints["source"] }) {
  return (
    <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden>
      {source === "guest" ? (
        <>
          <LegendSwatch className={MEMORY_COLOURS.used.className} label="Used" />
          <LegendSwatch className={MEMORY_COLOURS.cache.className} label="Cache" />
        </>
      ) : (
        <LegendSwatch className={MEMORY_COLOURS.used.className} label="Resident on host" />
      )}
      <span className="inline-flex items-center gap-1.5">
        <span className="w-4 border-t-2 border-dashed border-slate-500" />
        Plan size
      </span>
    </p>
  );
}
