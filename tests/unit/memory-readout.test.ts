import { describe, expect, it } from "vitest";
import { toPlotColumns } from "@/components/servers/memory-plot-data.ts";
import { describeReading, readingAt, summary } from "@/components/servers/memory-readout.ts";
import type { MemoryPoint, MemorySeriesPoints } from "@/lib/contracts/metrics.ts";
import german from "@/lib/i18n/messages/de/memory.json";
import en from "@/lib/i18n/messages/en/memory.json";
import italian from "@/lib/i18n/messages/it/memory.json";

const GIB = 1024 * 1024;
const T0 = Date.parse("2026-11-27T09:00:00.000Z");
const STAMP = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });

function point(secondsAfter: number, figures: Partial<MemoryPoint> = {}): MemoryPoint {
  return {
    at: new Date(T0 + secondsAfter * 1000).toISOString(),
    totalKiB: 4 * GIB,
    balloonKiB: 4 * GIB,
    usedKiB: 1.5 * GIB,
    availableKiB: 2.5 * GIB,
    cacheKiB: 512 * 1024,
    rssKiB: 2 * GIB,
    ...figures,
  };
}

const series = (source: MemorySeriesPoints["source"], points: MemoryPoint[]): MemorySeriesPoints => ({ source, latest: points.at(-1) ?? null, points, events: [] });

describe("readingAt", () => {
  const columns = toPlotColumns(series("guest", [point(0), point(10), point(60)]), 10_000);

  it("is the latest reading while the pointer is away, and nothing without one", () => {
    expect(readingAt(columns, null, point(60))).toStrictEqual({ kind: "latest", point: point(60) });
    expect(readingAt(columns, null, null)).toBeNull();
  });

  it("is the reading under the pointer, or a pause where the plot has a gap", () => {
    expect(readingAt(columns, 1, null)).toStrictEqual({ kind: "at", point: point(10) });
    const gap = columns.points.findIndex((candidate) => candidate === null);
    expect(gap).toBeGreaterThan(0);
    expect(readingAt(columns, gap, null)).toStrictEqual({ kind: "pause", atMs: (columns.times[gap] ?? 0) * 1000 });
  });
});

describe("describeReading", () => {
  it("gives guest figures as used, cache and plan", () => {
    expect(describeReading({ kind: "latest", point: point(0) }, "guest", STAMP, en.chart, "en")).toStrictEqual({ when: "Latest", figures: ["Used 1.5 GiB", "Cache 512 MiB", "Plan 4 GiB"] });
  });

  it("gives the host view as resident memory and plan, stamped with the reading's time", () => {
    expect(describeReading({ kind: "at", point: point(10) }, "host", STAMP, en.chart, "en")).toStrictEqual({ when: "09:00:10", figures: ["Resident on host 2 GiB", "Plan 4 GiB"] });
  });

  it("says unknown for a figure the guest did not report, never zero", () => {
    expect(describeReading({ kind: "at", point: point(0, { usedKiB: null, cacheKiB: null }) }, "guest", STAMP, en.chart, "en").figures).toStrictEqual(["Used unknown", "Cache unknown", "Plan 4 GiB"]);
  });

  it("names a pause in readings by its time", () => {
    expect(describeReading({ kind: "pause", atMs: T0 + 30_000 }, "guest", STAMP, en.chart, "en")).toStrictEqual({ when: "09:00:30", figures: ["No readings"] });
  });
});

describe("summary", () => {
  it("tells a screen reader the range, the source and the latest guest figures", () => {
    expect(summary(series("guest", [point(0)]), "24h", en.chart, "en")).toBe(
      "Memory over the last 24 hours, guest figures. Latest: 1.5 GiB used, 512 MiB cache, of a 4 GiB plan.",
    );
  });

  it("tells the host's view, and which figures were not reported", () => {
    expect(summary(series("host", [point(0, { rssKiB: null })]), "1h", en.chart, "en")).toBe(
      "Memory over the last hour, host view. Latest: resident on the host not reported, of a 4 GiB plan.",
    );
  });

  it("says which guest figures were not reported", () => {
    expect(summary(series("guest", [point(0, { usedKiB: null })]), "30d", en.chart, "en")).toBe(
      "Memory over the last 30 days, guest figures. Latest: used not reported, 512 MiB cache, of a 4 GiB plan.",
    );
  });

  it("says when there is no latest reading", () => {
    expect(summary(series("guest", []), "7d", en.chart, "en")).toBe("Memory over the last 7 days, guest figures. No latest reading.");
  });
});

describe("the read-out and summary in Italian and German", () => {
  it("writes sizes with a decimal comma and the figures in the reader's words", () => {
    expect(describeReading({ kind: "latest", point: point(0) }, "guest", STAMP, italian.chart, "it")).toStrictEqual({ when: "Ultima lettura", figures: ["Usata 1,5 GiB", "Cache 512 MiB", "Piano 4 GiB"] });
    expect(describeReading({ kind: "at", point: point(0, { rssKiB: null }) }, "host", STAMP, german.chart, "de").figures).toStrictEqual(["Auf dem Host belegt unbekannt", "Tarif 4 GiB"]);
  });

  it("names the range and the source as the language says them", () => {
    expect(summary(series("guest", [point(0)]), "24h", italian.chart, "it")).toBe(
      "Memoria nelle ultime 24 ore, dati del guest. Ultima lettura: 1,5 GiB usati, 512 MiB di cache, su un piano da 4 GiB.",
    );
    expect(summary(series("host", []), "1h", german.chart, "de")).toBe("Arbeitsspeicher in der letzten Stunde, Sicht des Hosts. Kein aktueller Messwert.");
  });
});
