import { LegendSwatch } from "@/components/ui/legend-swatch";
import { fillWords } from "@/lib/i18n/fill-words";
import type { Locale } from "@/lib/i18n/locales";
import { formatKiB, percent } from "@/lib/format";
import type { MemoryUsage } from "@/lib/metrics/usage";
import { MEMORY_COLOURS } from "./memory-colours";
import type { ClientMemoryWords } from "./words";

/** A bar of memory in use (and cache, where the guest reports it) against the plan size. */
export function MemoryUsageBar({
  usage,
  words,
  locale,
  compact = false,
}: {
  usage: MemoryUsage | null;
  words: Pick<ClientMemoryWords, "usage" | "sources">;
  locale: Locale;
  compact?: boolean;
}) {
  if (!usage || usage.inUseKiB === null) {
    return <p className="text-sm text-slate-600">{words.usage.none}</p>;
  }
  const used = percent(usage.inUseKiB, usage.totalKiB);
  const cache = usage.cacheKiB === null ? 0 : Math.min(100 - used, percent(usage.cacheKiB, usage.totalKiB));
  const inUse = formatKiB(usage.inUseKiB, locale);
  const total = formatKiB(usage.totalKiB, locale);
  const legend = words.usage.legend;
  return (
    <div className={compact ? "w-48" : "w-full"}>
      <div
        role="meter"
        aria-label={words.usage.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={used}
        aria-valuetext={fillWords(words.usage.summary[usage.source], { used: inUse, total })}
        className={`flex overflow-hidden rounded-full bg-slate-100 ${compact ? "h-1.5" : "h-2.5"}`}
      >
        <div className={MEMORY_COLOURS.used.className} style={{ width: `${used}%` }} />
        {cache > 0 && <div className={MEMORY_COLOURS.cache.className} style={{ width: `${cache}%` }} />}
      </div>
      <p className={`mt-1 text-xs text-slate-600 ${compact ? "whitespace-nowrap" : ""}`}>
        <span className="font-medium text-slate-900">{inUse}</span> / {total}
        <span className="text-slate-500"> · {words.sources[usage.source]}</span>
      </p>
      {!compact && (
        <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden>
          <LegendSwatch className={MEMORY_COLOURS.used.className} label={usage.source === "guest" ? legend.used : legend.resident} />
          {cache > 0 && <LegendSwatch className={MEMORY_COLOURS.cache.className} label={legend.cache} />}
          <LegendSwatch className="bg-slate-200" label={usage.source === "guest" ? legend.free : legend.restOfPlan} />
        </p>
      )}
    </div>
  );
}
