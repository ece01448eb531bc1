"use client";

// The plot itself, drawn by uPlot on a canvas: about 50 KB minified with no dependencies, and
// loaded only when a chart is on screen (memory-chart.tsx imports this module lazily), so other
// pages carry none of it. The React side owns everything else: the card, the read-out, the legend.
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { MemoryEvent } from "@/lib/contracts/metrics";
import type { MemoryRange } from "@/lib/metrics/memory-ranges";
import { formatKiB } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";
import { PLOT_HEIGHT, timeLabel, timeTicks, type PlotColumns } from "./memory-plot-data";
import { MEMORY_COLOURS } from "./memory-colours";
import { EVENT_COLOURS } from "./memory-events";
import type { ChartWords } from "./words";

export type MemoryPlotProps = {
  columns: PlotColumns;
  range: MemoryRange;
  startMs: number;
  endMs: number;
  events: MemoryEvent[];
  /** The row under the pointer (or picked with the arrow keys), or null when it leaves the plot. */
  onHover: (row: number | null) => void;
  /** What the plot shows, in words: the name screen readers give it. */
  label: string;
  /** The read-out in words, which screen readers announce as the plot's value. */
  valueText: string;
  /** The chart's messages (the series' and markers' names) and the reader's language (the axes' labels). */
  words: ChartWords;
  locale: Locale;
};

// Tailwind 4's palette (its sRGB values), spelled out because a canvas takes colours, not classes.
// The plan line has a white edge so it shows on either band.
const USED = MEMORY_COLOURS.used.hex;
const CACHE = MEMORY_COLOURS.cache.hex;
const SLATE_900 = "#0f172b";
const SLATE_500 = "#62748e";
const SLATE_300 = "#cad5e2";
const SLATE_100 = "#f1f5f9";
const FONT = "11px ui-sans-serif, system-ui, sans-serif";

export default function MemoryPlot(props: MemoryPlotProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // uPlot calls back into its options long after they are made; they read the newest props here.
  const current = useRef(props);
  useLayoutEffect(() => {
    current.current = props;
  });

  const [cursorRow, setCursorRow] = useState<number | null>(null);
  const guest = props.columns.upper !== null;
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const onCursor = (row: number | null) => {
      setCursorRow(row);
      current.current.onHover(row);
    };
    const u = new uPlot(plotOptions(() => current.current, onCursor, guest, element.clientWidth), alignedData(current.current.columns), element);
    plot.current = u;
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.round(entry?.contentRect.width ?? 0);
      if (width > 0 && width !== u.width) u.setSize({ width, height: PLOT_HEIGHT });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [guest]);

  // New readings redraw everything; a moved window or new markers need less.
  const { columns, startMs, endMs, events } = props;
  useEffect(() => {
    plot.current?.setData(alignedData(columns));
  }, [columns]);
  useEffect(() => {
    plot.current?.setScale("x", { min: startMs / 1000, max: endMs / 1000 });
  }, [startMs, endMs]);
  useEffect(() => {
    plot.current?.redraw(false, false);
  }, [events]);

  // A slider over the readings: the arrow keys, Home and End move the cursor as the pointer does.
  const knownRows = columns.points.flatMap((point, i) => (point ? [i] : []));
  const moveTo = (row: number | undefined) => {
    const u = plot.current;
    if (!u || row === undefined) return;
    u.setCursor({ left: u.valToPos(columns.times[row] ?? 0, "x"), top: u.bbox.height / uPlot.pxRatio / 2 });
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    const position = cursorRow === null ? knownRows.length : knownRows.indexOf(cursorRow);
    const target =
      event.key === "ArrowLeft" || event.key === "ArrowDown" ? knownRows[Math.max(0, position - 1)]
      : event.key === "ArrowRight" || event.key === "ArrowUp" ? knownRows[Math.min(knownRows.length - 1, position + 1)]
      : event.key === "Home" ? knownRows[0]
      : event.key === "End" ? knownRows.at(-1)
      : undefined;
    if (event.key === "Escape") plot.current?.setCursor({ left: -10, top: -10 });
    if (target === undefined) return;
    event.preventDefault();
    moveTo(target);
  };

  return (
    <div
      ref={container}
      tabIndex={0}
      role="slider"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={Math.max(0, knownRows.length - 1)}
      aria-valuenow={cursorRow === null ? Math.max(0, knownRows.length - 1) : Math.max(0, knownRows.indexOf(cursorRow))}
      aria-valuetext={props.valueText}
      onKeyDown={onKeyDown}
      onBlur={() => plot.current?.setCursor({ left: -10, top: -10 })}
      className="w-full rounded-md focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600"
      style={{ minHeight: PLOT_HEIGHT }}
    />
  );
}

/** Time, the bands, then the plan twice: once as its white edge, once as the dashed line. */
function alignedData(columns: PlotColumns): uPlot.AlignedData {
  const bands = columns.upper ? [columns.lower, columns.upper] : [columns.lower];
  return [columns.times, ...bands, columns.plan, columns.plan];
}

function plotOptions(props: () => MemoryPlotProps, onCursor: (row: number | null) => void, guest: boolean, width: number): uPlot.Options {
  const lonelyDots: uPlot.Series.Points = { show: true, size: 5, fill: USED, stroke: USED, filter: () => props().columns.lonely };
  // The series' names (uPlot's own legend is off; the chart draws its own).
  const legend = props().words.legend;
  return {
    width: Math.max(240, width),
    height: PLOT_HEIGHT,
    // Room above the plot for the markers' flags.
    padding: [24, 10, 0, 0],
    legend: { show: false },
    cursor: { y: false, drag: { x: false, y: false, setScale: false }, points: { size: 7 } },
    scales: {
      x: { time: true, range: () => [props().startMs / 1000, props().endMs / 1000] },
      y: { range: () => [0, props().columns.ticks.at(-1) ?? 1024] },
    },
    axes: [
      {
        stroke: SLATE_500,
        font: FONT,
        size: 28,
        grid: { show: false },
        ticks: { stroke: SLATE_300, size: 4 },
        splits: (u) => timeTicks(props().range, props().startMs, props().endMs, u.bbox.width / uPlot.pxRatio).map((ms) => ms / 1000),
        values: (_u, splits) => splits.map((seconds) => timeLabel(props().range, seconds * 1000, props().locale)),
      },
      {
        stroke: SLATE_500,
        font: FONT,
        size: 60,
        grid: { stroke: SLATE_100, width: 1 },
        ticks: { show: false },
        splits: () => props().columns.ticks,
        values: (_u, splits) => splits.map((kib) => (kib === 0 ? "0" : formatKiB(kib, props().locale))),
      },
    ],
    series: [
      {},
      { label: guest ? legend.used : legend.resident, stroke: USED, fill: USED, width: 1, points: lonelyDots },
      ...(guest ? [{ label: legend.cache, stroke: CACHE, width: 1, points: { show: false } }] : []),
      { label: legend.plan, stroke: "#ffffff", width: 4, points: { show: false } },
      { label: legend.plan, stroke: SLATE_900, width: 1.5, dash: [5, 4], points: { show: false } },
    ],
    // The cache band sits on top of "used": fill between used + cache (series 2) and used (series 1).
    bands: guest ? [{ series: [2, 1], fill: CACHE }] : [],
    hooks: {
      draw: [(u) => drawMarkers(u, props().events, props().words.events)],
      setCursor: [(u) => onCursor(u.cursor.idx ?? null)],
    },
  };
}

/** A vertical line with a labelled flag above the plot for each event in view. */
function drawMarkers(u: uPlot, events: MemoryEvent[], names: ChartWords["events"]) {
  const px = uPlot.pxRatio;
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.font = `600 ${11 * px}px ui-sans-serif, system-ui, sans-serif`;
  ctx.textBaseline = "middle";
  ctx.textAlign = "left";
  for (const event of events) {
    const x = Math.round(u.valToPos(Date.parse(event.at) / 1000, "x", true));
    if (x < left || x > left + width) continue;
    const colour = EVENT_COLOURS[event.kind];
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5 * px;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(x, top - 4 * px);
    ctx.lineTo(x, top + height);
    ctx.stroke();

    const label = names[event.kind].short;
    const flagWidth = ctx.measureText(label).width + 12 * px;
    const flagHeight = 17 * px;
    // The flag hangs right of its line, or left of it near the plot's right edge.
    const flagLeft = x + flagWidth > left + width ? x - flagWidth : x;
    const flagTop = top - 22 * px;
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.roundRect(flagLeft, flagTop, flagWidth, flagHeight, 3 * px);
    ctx.fill();
    ctx.fillStyle = "#ffffff";
    ctx.fillText(label, flagLeft + 6 * px, flagTop + flagHeight / 2);
  }
  ctx.restore();
}
