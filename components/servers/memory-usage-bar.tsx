import { formatKiB, percent } from "@/lib/format";
import { SOURCE_NAMES, type MemoryUsage } from "@/lib/metrics/usage";

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
        <div className="bg-indigo-800" style={{ width: `${used}%` }} />
        {cache > 0 && <div className="bg-indigo-400" style={{ width: `${cache}%` }} />}
      </div>
      <p className="mt-1 whitespace-nowrap text-xs text-slate-600">
        <span className="font-medium text-slate-900">{formatKiB(usage.inUseKiB)}</span> / {formatKiB(usage.totalKiB)}
        <span className="text-slate-500"> · {SOURCE_NAMES[usage.source]}</span>
      </p>
      {!compact && (
        <p className="mt-2 flex flex-wrap gap-4 text-xs text-slate-600" aria-hidden>
          <Legend className="bg-indigo-800" label={usage.source === "guest" ? "Used" : "Resident on host"} />
          {cache > 0 && <Legend className="bg-indigo-400" label="Cache" />}
          <Legend className="bg-slate-200" label={usage.source === "guest" ? "Free" : "Rest of plan"} />
        </p>
      )}
    </div>
  );
}

function Legend({ className, label }: { className: string; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className={`size-2.5 rounded-sm ${className}`} />
      {label}
    </span>
  );
}
