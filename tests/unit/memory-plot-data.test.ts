import { describe, expect, it } from "vitest";
import { timeTicks, toPlotColumns, yTicks } from "@/components/servers/memory-plot-data.ts";
import type { MemoryPoint } from "@/lib/contracts/metrics.ts";

const GIB = 1024 * 1024;
const T0 = Date.parse("2026-11-27T09:00:00.000Z");

function point(secondsAfter: number, figures: Partial<MemoryPoint> = {}): MemoryPoint {
  return {
    at: new Date(T0 + secondsAfter * 1000).toISOString(),
    totalKiB: 4 * GIB,
    balloonKiB: 4 * GIB,
    usedKiB: 1 * GIB,
    availableKiB: 3 * GIB,
    cacheKiB: GIB / 2,
    rssKiB: 2 * GIB,
    ...figures,
  };
}

describe("toPlotColumns", () => {
  it("stacks cache on used for guest figures, with the plan as its own line", () => {
    const columns = toPlotColumns({ source: "guest", points: [point(0), point(10)] }, 10_000);
    expect(columns.times).toEqual([T0 / 1000, T0 / 1000 + 10]);
    expect(columns.lower).toEqual([GIB, GIB]);
    expect(columns.upper).toEqual([1.5 * GIB, 1.5 * GIB]);
    expect(columns.plan).toEqual([4 * GIB, 4 * GIB]);
  });

  it("plots the host's resident memory alone for the host view, and no cache band", () => {
    const host = { balloonKiB: null, usedKiB: null, availableKiB: null, cacheKiB: null };
    const columns = toPlotColumns({ source: "host", points: [point(0, host), point(10, host)] }, 10_000);
    expect(columns.lower).toEqual([2 * GIB, 2 * GIB]);
    expect(columns.upper).toBeNull();
  });

  it("keeps unknown figures unknown: a gap, never a zero", () => {
    const columns = toPlotColumns(
      { source: "guest", points: [point(0), point(10, { usedKiB: null, cacheKiB: null }), point(20, { cacheKiB: null }), point(30)] },
      10_000,
    );
    expect(columns.lower).toEqual([GIB, null, GIB, GIB]);
    expect(columns.upper).toEqual([1.5 * GIB, null, null, 1.5 * GIB]);
    expect([...columns.lower, ...(columns.upper ?? [])]).not.toContain(0);
  });

  it("breaks the line where readings paused, with a gap row halfway through the pause", () => {
    const points = [point(0), point(10), point(20), point(320), point(330), point(340)];
    const columns = toPlotColumns({ source: "guest", points }, 10_000);
    expect(columns.times).toEqual([0, 10, 20, 170, 320, 330, 340].map((s) => T0 / 1000 + s));
    expect(columns.lower[3]).toBeNull();
    expect(columns.plan[3]).toBeNull();
    expect(columns.points[3]).toBeNull();
    expect(columns.points[4]).toBe(points[3]);
  });

  it("breaks the line at each of two pauses in a row, however long the first", () => {
    const points = [0, 10, 20, 30, 1800, 3600, 3610, 3620].map((s) => point(s));
    const columns = toPlotColumns({ source: "guest", points }, 10_000);
    expect(columns.points.map((row) => (row ? (Date.parse(row.at) - T0) / 1000 : "gap"))).toEqual([0, 10, 20, 30, "gap", 1800, "gap", 3600, 3610, 3620]);
  });

  it("does not break the line for an agent that simply reports less often than the range's spacing", () => {
    const points = [0, 60, 120, 180, 240].map((s) => point(s));
    expect(toPlotColumns({ source: "guest", points }, 10_000).lower).not.toContain(null);
  });

  it("names the rows left alone between gaps, so they are drawn as dots", () => {
    const columns = toPlotColumns({ source: "guest", points: [point(0), point(10, { usedKiB: null }), point(20), point(30, { usedKiB: null })] }, 10_000);
    expect(columns.lonely).toEqual([0, 2]);
  });
});

describe("yTicks", () => {
  it("puts round gridlines from zero to just above the highest figure", () => {
    expect(yTicks(4 * GIB)).toEqual([0, 1, 2, 3, 4].map((g) => g * GIB));
    expect(yTicks(16 * GIB + 1)).toEqual([0, 8, 16, 24].map((g) => g * GIB));
    expect(yTicks(300 * 1024)).toEqual([0, 128, 256, 384].map((m) => m * 1024));
  });
});

describe("timeTicks", () => {
  const HOUR = 3_600_000;
  it("labels 24 hours every four hours on the hour, whatever hour the range starts at", () => {
    for (const startHour of [0, 1, 2, 3, 23]) {
      const start = new Date(2026, 10, 26, startHour, 17).getTime();
      const ticks = timeTicks("24h", start, start + 24 * HOUR, 600);
      expect(ticks.length).toBeGreaterThanOrEqual(5);
      for (const tick of ticks) {
        expect(new Date(tick).getMinutes()).toBe(0);
        expect(new Date(tick).getHours() % 4).toBe(0);
      }
    }
  });

  it("labels the last hour every ten minutes, or every twenty when narrow", () => {
    const start = new Date(2026, 10, 27, 9, 3).getTime();
    expect(timeTicks("1h", start, start + HOUR, 600).map((t) => new Date(t).getMinutes())).toEqual([10, 20, 30, 40, 50, 0]);
    expect(timeTicks("1h", start, start + HOUR, 300).map((t) => new Date(t).getMinutes())).toEqual([20, 40, 0]);
  });

  it.each(["Europe/London", "America/New_York", "Australia/Sydney"])("keeps day labels on local midnights across a clock change (%s)", (zone) => {
    const saved = process.env.TZ;
    process.env.TZ = zone;
    try {
      // October and early November 2026 hold a clock change in each of these places.
      for (const [range, from, days] of [["7d", new Date(2026, 9, 21, 14), 7], ["7d", new Date(2026, 9, 29, 9), 7], ["30d", new Date(2026, 8, 28, 8), 30]] as const) {
        const ticks = timeTicks(range, from.getTime(), from.getTime() + days * 24 * HOUR, 600);
        expect(ticks.length).toBeGreaterThanOrEqual(range === "7d" ? 6 : 5);
        for (const tick of ticks) expect([new Date(tick).getHours(), new Date(tick).getMinutes()]).toEqual([0, 0]);
        expect(new Set(ticks.map((tick) => new Date(tick).toDateString())).size).toBe(ticks.length);
      }
    } finally {
      process.env.TZ = saved;
    }
  });

  it("labels days at midnight", () => {
    const start = new Date(2026, 10, 20, 14, 0).getTime();
    const ticks = timeTicks("7d", start, start + 7 * 24 * HOUR, 600);
    expect(ticks).toHaveLength(7);
    for (const tick of ticks) expect([new Date(tick).getHours(), new Date(tick).getMinutes()]).toEqual([0, 0]);
  });
});
