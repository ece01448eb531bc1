"use client";

import dynamic from "next/dynamic";
import type { UseQueryResult } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { LegendSwatch } from "@/components/ui/legend-swatch";
import type { MemorySeries } from "@/lib/contracts/metrics";
import type { ServerView } from "@/lib/contracts/servers";
import { timeAgo } from "@/lib/format";
import { MEMORY_RANGES, type MemoryRange } from "@/lib/metrics/memory-ranges";
import { SOURCE_NAMES } from "@/lib/metrics/usage";
import { MEMORY_COLOURS } from "./memory-colours";
import { EVENT_COLOURS, EVENT_DESCRIPTIONS } from "./memory-events";
import { PLOT_HEIGHT, toPlotColumns } from "./memory-plot-data";
import { describeReading, RANGES, readingAt, summary } from "./memory-readout";

const MINUTE = 60_000;
const STALE_AFTER_MS = 2 * MINUTE;

/**
 * The server's memory over time: used and cache (guest figures) or host RSS, against the plan size,
 * for the range picked here. `query` is the polled series for that range.
 */
export function MemoryChart({
  query,
  range,
  onRangeChange: setRange,
  now,
  virtualization,
}: {
  query: UseQueryResult<MemorySeries, Error>;
  virtualization: ServerView["virtualization"];
  range: MemoryRange;
  onRangeChange: (range: MemoryRange) => void;
  now: number;
}) {
  const series = query.data;
  const latest = series?.latest ?? null;
  const ageMs = latest ? now - new Date(latest.at).getTime() : 0;

  return (
    <Card>
      <CardHeader
        title="Memory over time"
        description={
          series ? (
            <>
              {SOURCE_NAMES[series.source]}
              {latest && (
                <>
                  {" "}· updated <time dateTime={latest.at}>{timeAgo(latest.at, now)}</time>
                </>
              )}
            </>
          ) : query.isError ? (
            "Figures unavailable"
          ) : (
            "Loading…"
          )
        }
        action={
          <div className="hidden sm:block">
            <RangePicker value={range} onChange={setRange} />
          </div>
        }
      />
      <CardBody className="space-y-4">
        <div className="sm:hidden">
          <RangePicker value={range} onChange={setRange} />
        </div>
        {series?.source === "host" && (
          <p className="text-sm text-slate-600">
            {virtualization === "lxc"
              ? "Only the host's view is available for this LXC server: memory its container uses on the host, page cache included."
              : "Only the host's view is available for this server: memory its process occupies on the host, guest cache included."}
          </p>
        )}
        {latest && ageMs > STALE_AFTER_MS && (
          <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900 ring-1 ring-inset ring-amber-200">
            No new readings for {Math.round(ageMs / MINUTE)} min: the host may not be reporting.
          </p>
        )}
        {query.isError && !series ? (
          <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-200">
            {query.error.message}{" "}
            <button type="button" onClick={() => void query.refetch()} className="font-medium underline underline-offset-2">
              Try again
            </button>
          </p>
        ) : !series ? (
          <div className="h-60 animate-pulse rounded-lg bg-slate-50" aria-hidden />
        ) : series.points.length === 0 ? (
          <div className="flex h-60 flex-col items-center justify-center rounded-lg border border-dashed border-slate-200 px-4 text-center">
            <p className="text-sm font-medium text-slate-900">No readings in {RANGES[range].words}</p>
            <p className="mt-1 max-w-sm text-sm text-slate-600">Figures appear here within a minute of the server reporting its memory. Try a longer range to see older readings.</p>
          </div>
        ) : (
          <div className={query.isPlaceholderData ? "opacity-60 transition-opacity" : "transition-opacity"}>
            <Chart series={series} range={range} endMs={query.dataUpdatedAt || now} />
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function RangePicker({ value, onChange }: { value: MemoryRange; onChange: (range: MemoryRange) => void }) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label="Time range" className="inline-flex shrink-0 rounded-lg bg-slate-100 p-0.5 text-xs font-medium">
      {MEMORY_RANGES.map((range) => (
        <label
          key={range}
          className={`cursor-pointer rounded-md px-2.5 py-1 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600 ${
            value === range ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
          }`}
        >
          <input type="radio" name={name} value={range} checked={value === range} onChange={() => onChange(range)} className="sr-only" />
          {RANGES[range].label}
        </label>
      ))}
    </div>
  );
}

function ChartLegend({ source }: { source: MemorySeries["source"] }) {
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

// ---- The plot, its read-out and its markers ----

const MemoryPlot = dynamic(() => import("./memory-plot"), {
  ssr: false,
  loading: () => <div className="animate-pulse rounded-lg bg-slate-50" style={{ height: PLOT_HEIGHT }} aria-hidden />,
});

const STAMP = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
/** For the last hour, whose readings are seconds apart. */
const STAMP_SECONDS = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });

function Chart({ series, range, endMs }: { series: MemorySeries; range: MemoryRange; endMs: number }) {
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
