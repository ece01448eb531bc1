import type { MemoryPoint } from "@/lib/contracts/metrics.ts";
import type { MemorySample } from "@/lib/db/generated/client.ts";

// One memory reading as the API shows it (lib/contracts/metrics.ts): KiB as numbers, unknown figures null (never 0).

const kib = (value: bigint | null) => (value === null ? null : Number(value));

export function toMemoryPoint(sample: MemorySample): MemoryPoint {
  return {
    at: sample.at.toISOString(),
    totalKiB: Number(sample.totalKiB),
    balloonKiB: kib(sample.balloonKiB),
    usedKiB: kib(sample.usedKiB),
    availableKiB: kib(sample.availableKiB),
    cacheKiB: kib(sample.cacheKiB),
    rssKiB: kib(sample.rssKiB),
  };
}
