import * as z from "zod/mini";
import { MemorySource } from "@/lib/db/generated/enums.ts";
import { MEMORY_RANGES } from "@/lib/metrics/memory-ranges.ts";

// A server's memory over a range: readings in KiB, unknown figures null (never 0), and the moments
// their meaning changed.

const kib = z.number().check(z.minimum(0));

export const memoryPointSchema = z
  .object({
    at: z.iso.datetime({ offset: true }),
    totalKiB: kib.check(z.describe("The plan's memory.")),
    balloonKiB: z.nullable(kib).check(z.describe("What the balloon leaves the guest; null without a balloon.")),
    usedKiB: z.nullable(kib).check(z.describe("Used by the guest, cache apart (guest figures only).")),
    availableKiB: z.nullable(kib),
    cacheKiB: z.nullable(kib),
    rssKiB: z.nullable(kib).check(z.describe("Resident on the host (host view).")),
  })
  .check(z.meta({ id: "MemoryPoint", description: "One reading, or the average of the readings in one bucket of the range." }));

export type MemoryPoint = z.infer<typeof memoryPointSchema>;

/**
 * A series' point as a row: MemoryPoint's fields in a fixed order. A chart's answer is a few hundred
 * points, polled every 10 s per open chart: rows without the field names are half the size, and
 * half the work to write, send and read.
 */
export const memoryPointRowSchema = z
  .tuple([memoryPointSchema.shape.at, kib, z.nullable(kib), z.nullable(kib), z.nullable(kib), z.nullable(kib), z.nullable(kib)])
  .check(z.meta({ id: "MemoryPointRow", description: "One point as [at, totalKiB, balloonKiB, usedKiB, availableKiB, cacheKiB, rssKiB]: MemoryPoint's fields, in this order." }));

export type MemoryPointRow = z.infer<typeof memoryPointRowSchema>;

/** A row of `points` as the MemoryPoint it stands for. */
export function pointOfRow([at, totalKiB, balloonKiB, usedKiB, availableKiB, cacheKiB, rssKiB]: MemoryPointRow): MemoryPoint {
  return { at, totalKiB, balloonKiB, usedKiB, availableKiB, cacheKiB, rssKiB };
}

export const MEMORY_EVENT_KINDS = ["ballooning_enabled", "ballooning_disabled", "moved_to_kvm"] as const;

export const memoryEventSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  kind: z.enum(MEMORY_EVENT_KINDS),
});

/** A moment the figures' meaning changed, which the chart marks: the balloon came or went, or the server moved to KVM. */
export type MemoryEvent = z.infer<typeof memoryEventSchema>;

export const memorySeriesSchema = z
  .object({
    source: z.enum(MemorySource).check(z.describe("`guest`: the guest's own figures (a reporting balloon); `host`: only the host's view.")),
    latest: z.nullable(memoryPointSchema),
    points: z.array(memoryPointRowSchema).check(z.describe("Oldest first, at most a couple of hundred, as rows (MemoryPointRow); a gap is a pause in readings.")),
    events: z.array(memoryEventSchema),
  })
  .check(z.meta({ id: "MemorySeries" }));

export type MemorySeries = z.infer<typeof memorySeriesSchema>;

/** A series with its points as MemoryPoint objects, as the chart and the tests read it. */
export type MemorySeriesPoints = Omit<MemorySeries, "points"> & { points: MemoryPoint[] };

export const withPointObjects = (series: MemorySeries): MemorySeriesPoints => ({ ...series, points: series.points.map(pointOfRow) });

export const memoryQuery = z.strictObject({
  range: z.enum(MEMORY_RANGES).check(z.describe("How far back: 1h from raw readings (20 s points), longer ranges from roll-ups (10-minute, hourly and 4-hour points).")),
});
