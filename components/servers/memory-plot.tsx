"use client";

// The plot itself, drawn by uPlot on a canvas: about 50 KB minified with no dependencies, and
// loaded only when a chart is on screen (memory-chart.tsx imports this module lazily), so other
// pages carry none of it. The React side owns everything else: the card, the read-out, the legend.
import { useEffect, useLayoutEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { MemoryEvent, MemoryRange } from "@/lib/client/use-memory-metrics";
import { formatKiB } from "@/lib/format";
import { PLOT_HEIGHT, timeLabel, timeTicks, type PlotColumns } from "./memory-plot-data";
import { EVENT_COLOURS, EVENT_SHORT_NAMES } from "./memory-events";

export type MemoryPlotProps = {
  columns: PlotColumns;
  range: MemoryRange;
  startMs: number;
  endMs: number;
  events: MemoryEvent[];
  /** The row under the pointer (or picked with the arrow keys), or null when it leaves the plot. */
  onHover: (row: number | null) => void;
  /** What the plot shows, in words, for screen readers. */
  label: string;
  /** Whether the plot has keyboard focus, so the read-out can be announced. */
  onFocusChange: (focused: boolean) => void;
};

// Tailwind's palette, spelled out because the canvas takes colours, not classes.
const INDIGO_600 = "#4f46e5";
const INDIGO_300 = "#a5b4fc";
const SLATE_500 = "#64748b";
const SLATE_300 = "#cbd5e1";
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

  const guest = props.columns.upper !== null;
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const u = new uPlot(plotOptions(() => current.current, guest, element.clientWidth), alignedData(current.current.columns), element);
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

  const { columns, startMs, endMs, events } = props;
  useEffect(() => {
    plot.current?.setData(alignedData(columns));
  }, [columns, startMs, endMs, events]);

  // The keyboard moves the cursor from reading to reading, as the pointer does.
  const onKeyDown = (event: React.KeyboardEvent) => {
    const u = plot.current;
    if (!u) return;
    const rows = current.current.columns.points;
    const known = rows.flatMap((point, i) => (point ? [i] : []));
    const at = u.cursor.idx ?? null;
    const position = at === null ? -1 : known.indexOf(at);
    const target =
      event.key === "ArrowLeft" ? known[position <= 0 ? known.length - 1 : position - 1]
      : event.key === "ArrowRight" ? known[position < 0 || position >= known.length - 1 ? 0 : position + 1]
      : event.key === "Home" ? known[0]
      : event.key === "End" ? known.at(-1)
      : undefined;
    if (event.key === "Escape") {
      u.setCursor({ left: -10, top: -10 });
      return;
    }
    if (target === undefined) return;
    event.preventDefault();
    const seconds = current.current.columns.times[target] ?? 0;
    u.setCursor({ left: u.valToPos(seconds, "x"), top: u.bbox.height / uPlot.pxRatio / 2 });
  };

  return (
    <div
      ref={container}
      tabIndex={0}
      role="group"
      aria-roledescription="chart"
      aria-label={`${props.label} Left and right arrow keys read earlier and later figures.`}
      onKeyDown={onKeyDown}
      onFocus={() => props.onFocusChange(true)}
      onBlur={() => {
        props.onFocusChange(false);
        plot.current?.setCursor({ left: -10, top: -10 });
      }}
      className="memory-plot w-full rounded-md focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600"
      style={{ minHeight: PLOT_HEIGHT }}
    />
  );
}

function alignedData(columns: PlotColumns): uPlot.AlignedData {
  return columns.upper ? [columns.times, columns.lower, columns.upper, columns.plan] : [columns.times, columns.lower, columns.plan];
}

function plotOptions(props: () => MemoryPlotProps, guest: boolean, width: number): uPlot.Options {
  const lonelyDots: uPlot.Series.Points = { show: true, size: 5, fill: INDIGO_600, stroke: INDIGO_600, filter: () => props().columns.lonely };
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
        values: (_u, splits) => splits.map((seconds) => timeLabel(props().range, seconds * 1000)),
      },
      {
        stroke: SLATE_500,
        font: FONT,
        size: 60,
        grid: { stroke: SLATE_100, width: 1 },
        ticks: { show: false },
        splits: () => props().columns.ticks,
        values: (_u, splits) => splits.map((kib) => (kib === 0 ? "0" : formatKiB(kib))),
      },
    ],
    series: [
      {},
      { label: guest ? "Used" : "Resident on host", stroke: INDIGO_600, fill: INDIGO_600, width: 1, points: lonelyDots },
      ...(guest ? [{ label: "Cache", stroke: INDIGO_300, width: 1, points: { show: false } }] : []),
      { label: "Plan size", stroke: SLATE_500, width: 1.5, dash: [5, 4], points: { show: false } },
    ],
    // The cache band sits on top of "used": fill between used + cache (series 2) and used (series 1).
    bands: guest ? [{ series: [2, 1], fill: INDIGO_300 }] : [],
    hooks: {
      draw: [(u) => drawMarkers(u, props().events)],
      setCursor: [(u) => props().onHover(u.cursor.idx ?? null)],
    },
  };
}

/** A vertical line with a labelled flag above the plot for each event in view. */
function drawMarkers(u: uPlot, events: MemoryEvent[]) {
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

    const label = EVENT_SHORT_NAMES[event.kind];
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
