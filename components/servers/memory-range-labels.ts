import { MEMORY_RANGE_SPANS, type MemoryRange } from "@/lib/metrics/memory-ranges";

// The memory chart's ranges in words, for its picker (loaded with the page) and its read-out
// (memory-readout.ts, loaded with the plot).

export type RangeSpec = { label: string; words: string; spanMs: number; stepMs: number };
export const RANGES: Record<MemoryRange, RangeSpec> = {
  "1h": { label: "1 h", words: "the last hour", ...MEMORY_RANGE_SPANS["1h"] },
  "24h": { label: "24 h", words: "the last 24 hours", ...MEMORY_RANGE_SPANS["24h"] },
  "7d": { label: "7 d", words: "the last 7 days", ...MEMORY_RANGE_SPANS["7d"] },
  "30d": { label: "30 d", words: "the last 30 days", ...MEMORY_RANGE_SPANS["30d"] },
};
