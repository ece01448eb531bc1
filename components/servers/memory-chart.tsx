"use client";

import dynamic from "next/dynamic";
import { useId } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { LiveQuery } from "@/lib/client/live-query";
import type { MemorySeriesPoints } from "@/lib/contracts/metrics";
import { timeAgo } from "@/lib/format";
import { fillWords } from "@/lib/i18n/fill-words";
import type { Locale } from "@/lib/i18n/locales";
import { MEMORY_RANGES, type MemoryRange } from "@/lib/metrics/memory-ranges";
import { splitAt, type ChartWords, type ClientMemoryWords } from "./words";

const MINUTE = 60_000;
const STALE_AFTER_MS = 2 * MINUTE;

/**
 * The server's memory over time: used and cache (guest figures) or host RSS, against the plan size,
 * for the range picked here. `query` is the polled series for that range. Why a server shows only
 * the host's view is the memory card's to say, just above.
 */
export function MemoryChart({
  query,
  range,
  onRangeChange: setRange,
  now,
  words,
  locale,
}: {
  query: LiveQuery<MemorySeriesPoints>;
  range: MemoryRange;
  onRangeChange: (range: MemoryRange) => void;
  now: number;
  words: ClientMemoryWords;
  locale: Locale;
}) {
  const series = query.data;
  const latest = series?.latest ?? null;
  const ageMs = latest ? now - new Date(latest.at).getTime() : 0;
  const chart = words.chart;
  const [updatedBefore, updatedAfter] = splitAt(words.updated, "time");

  return (
    <Card>
      <CardHeader
        title={chart.title}
        description={
          series ? (
            <>
              {words.sources[series.source]}
              {latest && (
                <>
                  {" · "}
                  {updatedBefore}
                  <time dateTime={latest.at}>{timeAgo(latest.at, now, locale)}</time>
                  {updatedAfter}
                </>
              )}
            </>
          ) : query.isError ? (
            chart.unavailable
          ) : (
            chart.loading
          )
        }
        action={
          <div className="hidden sm:block">
            <RangePicker value={range} onChange={setRange} words={chart} />
          </div>
        }
      />
      <CardBody className="space-y-4">
        <div className="sm:hidden">
          <RangePicker value={range} onChange={setRange} words={chart} />
        </div>
        {latest && ageMs > STALE_AFTER_MS && (
          <p role="status" className="rounded-lg bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900 ring-1 ring-inset ring-amber-200">
            {fillWords(chart.stale, { minutes: Math.round(ageMs / MINUTE) })}
          </p>
        )}
        {query.isError && !series ? (
          <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-200">
            {chart.loadFailed}{" "}
            <button type="button" onClick={query.refetch} className="font-medium underline underline-offset-2">
              {chart.tryAgain}
            </button>
          </p>
        ) : !series ? (
          <div className="h-60 animate-pulse rounded-lg bg-slate-50" aria-hidden />
        ) : series.points.length === 0 ? (
          <div className="flex h-60 flex-col items-center justify-center rounded-lg border border-dashed border-slate-200 px-4 text-center">
            <p className="text-sm font-medium text-slate-900">{fillWords(chart.empty, { range: chart.ranges[range].span })}</p>
            <p className="mt-1 max-w-sm text-sm text-slate-600">{chart.emptyHint}</p>
          </div>
        ) : (
          <div className={query.isPlaceholderData ? "opacity-60 transition-opacity" : "transition-opacity"}>
            <MemoryChartBody series={series} range={range} endMs={query.dataUpdatedAt || now} words={chart} locale={locale} />
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function RangePicker({ value, onChange, words }: { value: MemoryRange; onChange: (range: MemoryRange) => void; words: ChartWords }) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label={words.rangePicker} className="inline-flex shrink-0 rounded-lg bg-slate-100 p-0.5 text-xs font-medium">
      {MEMORY_RANGES.map((range) => (
        <label
          key={range}
          className={`cursor-pointer whitespace-nowrap rounded-md px-2.5 py-1 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600 ${
            value === range ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
          }`}
        >
          <input type="radio" name={name} value={range} checked={value === range} onChange={() => onChange(range)} className="sr-only" />
          {words.ranges[range].label}
        </label>
      ))}
    </div>
  );
}

// The plot with its read-out, legend and list of changes, and uPlot under it, come as one chunk
// once there is a series to draw: none of it is needed to show the page.
const MemoryChartBody = dynamic(() => import("./memory-chart-body").then((module) => module.MemoryChartBody), {
  ssr: false,
  loading: () => <div className="h-60 animate-pulse rounded-lg bg-slate-50" aria-hidden />,
});
