"use client";

import { useCallback, useEffect, useId, useState } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { useMemoryMetrics, type MemoryPoint, type MemoryRange, type MemorySeries } from "@/lib/client/use-memory-metrics";
import { formatKiB, timeAgo } from "@/lib/format";
import { SOURCE_NAMES } from "@/lib/metrics/usage";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STALE_AFTER_MS = 2 * MINUTE;

type RangeSpec = { label: string; words: string; spanMs: number; stepMs: number };
const RANGES: Record<MemoryRange, RangeSpec> = {
  "1h": { label: "1 h", words: "the last hour", spanMs: HOUR, stepMs: 10_000 },
  "24h": { label: "24 h", words: "the last 24 hours", spanMs: DAY, stepMs: 5 * MINUTE },
  "7d": { label: "7 d", words: "the last 7 days", spanMs: 7 * DAY, stepMs: 30 * MINUTE },
  "30d": { label: "30 d", words: "the last 30 days", spanMs: 30 * DAY, stepMs: 2 * HOUR },
};
const RANGE_ORDER: MemoryRange[] = ["1h", "24h", "7d", "30d"];

/** The server's memory over time: used and cache (guest figures) or host RSS, against the plan size. */
export function MemoryChart({ serverId }: { serverId: string }) {
  const [range, setRange] = useState<MemoryRange>("1h");
  const query = useMemoryMetrics(serverId, range);
  const now = useNow();
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
          <p className="text-sm text-slate-600">Only the host&apos;s view is available for this server: memory its process occupies on the host, guest cache included.</p>
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
          <div className="h-56 animate-pulse rounded-lg bg-slate-50" aria-hidden />
        ) : series.points.length === 0 ? (
          <div className="flex h-56 flex-col items-center justify-center rounded-lg border border-dashed border-slate-200 px-4 text-center">
            <p className="text-sm font-medium text-slate-900">No readings in {RANGES[range].words}</p>
            <p className="mt-1 max-w-sm text-sm text-slate-600">Figures appear here within a minute of the server reporting its memory. Try a longer range to see older readings.</p>
          </div>
        ) : (
          <div className={query.isPlaceholderData ? "opacity-60 transition-opacity" : "transition-opacity"}>
            <Chart series={series} range={range} endMs={query.dataUpdatedAt || now} />
            <ChartLegend source={series.source} />
          </div>
        )}
      </CardBody>
    </Card>
  );
}

/** The current time, ticking every second, for "updated N s ago" and the staleness warning. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function RangePicker({ value, onChange }: { value: MemoryRange; onChange: (range: MemoryRange) => void }) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label="Time range" className="inline-flex shrink-0 rounded-lg bg-slate-100 p-0.5 text-xs font-medium">
      {RANGE_ORDER.map((range) => (
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
          <Swatch className="bg-indigo-600" label="Used" />
          <Swatch className="bg-indigo-300" label="Cache" />
        </>
      ) : (
        <Swatch className="bg-indigo-600" label="Resident on host" />
      )}
      <span className="inline-flex items-center gap-1.5">
        <span className="w-4 border-t-2 border-dashed border-slate-500" />
        Plan size
      </span>
    </p>
  );
}

function Swatch({ className, label }: { className: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className={`size-2.5 rounded-sm ${className}`} />
      {label}
    </span>
  );
}

// ---- The SVG chart ----

const HEIGHT = 224;
const PAD = { top: 10, right: 8, bottom: 24, left: 56 };

type Band = { at: number; low: number; high: number };

function Chart({ series, range, endMs }: { series: MemorySeries; range: MemoryRange; endMs: number }) {
  const [width, setWidth] = useState(640);
  const measure = useCallback((node: HTMLDivElement | null) => {
    if (!node) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(240, Math.round(entry.contentRect.width)));
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  const spec = RANGES[range];
  const startMs = endMs - spec.spanMs;
  const points = series.points.filter((p) => new Date(p.at).getTime() >= startMs - spec.stepMs);
  const guest = series.source === "guest";

  const lowerOf = (p: MemoryPoint) => (guest ? p.usedKiB : p.rssKiB);
  const top = Math.max(
    ...points.map((p) => p.totalKiB),
    ...points.map((p) => (guest ? (p.usedKiB ?? 0) + (p.cacheKiB ?? 0) : (p.rssKiB ?? 0))),
    1024,
  );
  const ticks = yTicks(top);
  const yMax = ticks[ticks.length - 1] ?? top;

  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (ms: number) => PAD.left + ((ms - startMs) / spec.spanMs) * plotW;
  const y = (kib: number) => PAD.top + plotH - (kib / yMax) * plotH;

  const lower: (Band | null)[] = points.map((p) => {
    const v = lowerOf(p);
    return v === null ? null : { at: new Date(p.at).getTime(), low: 0, high: v };
  });
  const cache: (Band | null)[] = guest
    ? points.map((p) =>
        p.usedKiB === null || p.cacheKiB === null ? null : { at: new Date(p.at).getTime(), low: p.usedKiB, high: p.usedKiB + p.cacheKiB },
      )
    : [];
  const plan: (Band | null)[] = points.map((p) => ({ at: new Date(p.at).getTime(), low: p.totalKiB, high: p.totalKiB }));

  const breaks = breaksBefore(points, spec.stepMs);
  const areaPaths = (bands: (Band | null)[]) =>
    segments(bands, breaks).map((seg) => {
      const upper = seg.map((b) => `${x(b.at).toFixed(1)},${y(b.high).toFixed(1)}`);
      const below = [...seg].reverse().map((b) => `${x(b.at).toFixed(1)},${y(b.low).toFixed(1)}`);
      // A lone point becomes a thin bar so it stays visible.
      if (seg.length === 1 && seg[0]) {
        const b = seg[0];
        const cx = x(b.at);
        return `M${(cx - 1.5).toFixed(1)},${y(b.high).toFixed(1)}H${(cx + 1.5).toFixed(1)}V${y(b.low).toFixed(1)}H${(cx - 1.5).toFixed(1)}Z`;
      }
      return `M${upper.join("L")}L${below.join("L")}Z`;
    });
  const linePaths = (bands: (Band | null)[]) =>
    segments(bands, breaks).map((seg) => `M${seg.map((b) => `${x(b.at).toFixed(1)},${y(b.high).toFixed(1)}`).join("L")}`);

  const xt = xTicks(range, startMs, endMs, width);

  return (
    <div ref={measure} className="w-full">
      <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={summary(series, spec)} className="block">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className="stroke-slate-100" />
            <text x={PAD.left - 8} y={y(t)} dy="0.32em" textAnchor="end" className="fill-slate-500 text-[11px] tabular-nums">
              {t === 0 ? "0" : formatKiB(t)}
            </text>
          </g>
        ))}
        {areaPaths(lower).map((d, i) => (
          <path key={`l${i}`} d={d} className="fill-indigo-600" />
        ))}
        {areaPaths(cache).map((d, i) => (
          <path key={`c${i}`} d={d} className="fill-indigo-300" />
        ))}
        {linePaths(plan).map((d, i) => (
          <path key={`p${i}`} d={d} fill="none" strokeWidth={1.5} strokeDasharray="5 4" className="stroke-slate-500" />
        ))}
        <line x1={PAD.left} x2={width - PAD.right} y1={y(0)} y2={y(0)} className="stroke-slate-300" />
        {xt.map((t) => (
          <g key={t.ms}>
            <line x1={x(t.ms)} x2={x(t.ms)} y1={y(0)} y2={y(0) + 4} className="stroke-slate-300" />
            <text x={x(t.ms)} y={HEIGHT - 6} textAnchor="middle" className="fill-slate-500 text-[11px] tabular-nums">
              {t.label}
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

/**
 * Where the line breaks because readings stopped: a pause more than 2.5 times as long as the spacing
 * on either side of it (agents report at their own pace) and longer than a few points of the range.
 */
function breaksBefore(points: MemoryPoint[], stepMs: number): boolean[] {
  const times = points.map((p) => new Date(p.at).getTime());
  const spacing = (i: number) => {
    const a = times[i - 1];
    const b = times[i];
    return a === undefined || b === undefined ? 0 : b - a;
  };
  return times.map((_, i) => {
    if (i === 0) return false;
    const usual = Math.max(stepMs, spacing(i - 1), spacing(i + 1));
    return spacing(i) > usual * 2.5;
  });
}

/** Runs of consecutive known values; a null, or a break in the readings, starts a new run. */
function segments(bands: (Band | null)[], breaks: boolean[]): Band[][] {
  const runs: Band[][] = [];
  let run: Band[] = [];
  for (const [i, band] of bands.entries()) {
    if (!band || breaks[i]) {
      if (run.length) runs.push(run);
      run = [];
    }
    if (band) run.push(band);
  }
  if (run.length) runs.push(run);
  return runs;
}

const MIB = 1024;
const NICE_STEPS_MIB = [64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072];

/** Four or five round gridlines in MiB or GiB, from 0 to just above `maxKiB`. */
function yTicks(maxKiB: number): number[] {
  const stepMiB = NICE_STEPS_MIB.find((s) => (maxKiB / MIB) / s <= 4) ?? NICE_STEPS_MIB[NICE_STEPS_MIB.length - 1] ?? 1024;
  const step = stepMiB * MIB;
  const count = Math.max(1, Math.ceil(maxKiB / step));
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const WEEKDAY = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric" });
const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });

/** Time labels at round local times, spaced so they fit the width. */
function xTicks(range: MemoryRange, startMs: number, endMs: number, width: number): { ms: number; label: string }[] {
  const narrow = width < 480;
  const [stepMs, format]: [number, Intl.DateTimeFormat] =
    range === "1h"
      ? [(narrow ? 20 : 10) * MINUTE, TIME]
      : range === "24h"
        ? [(narrow ? 8 : 4) * HOUR, TIME]
        : range === "7d"
          ? [(narrow ? 2 : 1) * DAY, WEEKDAY]
          : [(narrow ? 10 : 5) * DAY, DATE];
  const first = new Date(startMs);
  if (stepMs >= DAY) first.setHours(0, 0, 0, 0);
  else first.setMinutes(0, 0, 0);
  const ticks: { ms: number; label: string }[] = [];
  for (let ms = first.getTime(); ms <= endMs; ms += stepMs) {
    // Keep hour-based ticks on multiples of the step in local time (00:00, 04:00…).
    const d = new Date(ms);
    if (stepMs < DAY && stepMs >= HOUR && d.getHours() % (stepMs / HOUR) !== 0) continue;
    if (ms < startMs + 0.03 * (endMs - startMs) || ms > endMs - 0.03 * (endMs - startMs)) continue;
    ticks.push({ ms, label: format.format(d) });
  }
  return ticks;
}

function summary(series: MemorySeries, spec: RangeSpec): string {
  const latest = series.latest;
  const head = `Memory over ${spec.words}, ${SOURCE_NAMES[series.source].toLowerCase()}.`;
  if (!latest) return `${head} No latest reading.`;
  const known = (v: number | null) => (v === null ? "not reported" : formatKiB(v));
  return series.source === "guest"
    ? `${head} Latest: ${known(latest.usedKiB)} used, ${known(latest.cacheKiB)} cache, of a ${formatKiB(latest.totalKiB)} plan.`
    : `${head} Latest: ${known(latest.rssKiB)} resident on the host, of a ${formatKiB(latest.totalKiB)} plan.`;
}
