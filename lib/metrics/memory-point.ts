import type { MemorySample } from "@/lib/db/generated/client.ts";

/** One memory reading as the API shows it: KiB as numbers, unknown figures null (never 0). */
export type MemoryPoint = {
  at: string;
  totalKiB: number;
  balloonKiB: number | null;
  usedKiB: number | null;
  availableKiB: number | null;
  cacheKiB: number | null;
  rssKiB: number | null;
};

/** A moment the figures' meaning changed, which the chart marks: the balloon came or went, or the server moved to KVM. */
export type MemoryEvent = { at: string; kind: "ballooning_enabled" | "ballooning_disabled" | "moved_to_kvm" };

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
