import { LegendSwatch } from "@/components/ui/legend-swatch";
import { formatKiB, percent } from "@/lib/format";
import { SOURCE_NAMES, type MemoryUsage } from "@/lib/metrics/usage";
import { MEMORY_COLOURS } from "./memory-colours";

/** A bar of memory in use (and cache, where the guest reports it) against the plan size. */
export function MemoryUsageBar({ usage, compact = false }: { usage: MemoryUsage | null; compact?: boolean }) {
  if (!usage || usage.inUseKiB === null) {
    return <p className="text-sm text-slate-600">No memory figures yet</p>;
  }
  const used = percent(usage.inUseKiB, usage.totalKiB);
  const cache = usage.cacheKiB === null ? 0 : Math.min(100 - used, percent(usage.cacheKiB, usage.totalKiB));
  const summary = `${formatKiB(usage.inUseKiB)} of ${formatKiB(usage.totalKiB)} ${usage.label}`;
  return (
    <div className={compact ? "w-48" : "w-full"}>
      <div
        role="meter"
        aria-label="Memory in use"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={used}
        aria-valuetext={summary}
        className={`flex overflow-hidden rounded-full bg-slate-100 ${compact ? "h-1.5" : "h-2.5"}`}
      >
        <div className={MEMORY_COLOURS.used.className} style={{ width: `${used}%` }} />
        {cache > 0 && <div className={MEMORY_COLOURS.cache.className} style={{ width: `${cache}%` }} />}
      </div>
      <p className="mt-1 whitespace-nowrap text-xs text-slate-600">
        <span className="font-medium text-slate-900">{formatKiB(usage.inUseKiB)}</span> / {formatKiB(usage.totalKiB)}
        <span className="text-slate-500"> · {SOURCE_NAMES[usage.source]}</span>
      </p>
      {!compact && (
        <p className="mt-2 flex flex-wrap gap-4 text-xs text-slate-600" aria-hidden>
          <LegendSwatch className={MEMORY_COLOURS.used.className} label={usage.source === "guest" ? "Used" : "Resident on host"} />
          {cache > 0 && <LegendSwatch className={MEMORY_COLOURS.cache.className} label="Cache" />}
          <LegendSwatch className="bg-slate-200" label={usage.source === "guest" ? "Free" : "Rest of plan"} />
        </p>
      )}
    </div>
  );
}
