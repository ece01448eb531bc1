import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatKiB, formatMiB, timeAgo } from "@/lib/format";
import type { LatestMemory } from "@/lib/metrics/latest-memory";
import { hostViewReason, memoryUsage, SOURCE_NAMES } from "@/lib/metrics/usage";
import type { ServerView } from "@/lib/contracts/servers";
import type { HostViewNotes } from "./host-view-notes";
import { MemoryUsageBar } from "./memory-usage-bar";

/**
 * The plan size and the latest reading, with every figure labelled and unknown ones said so; with
 * only the host's view, the note that says why (`hostViewNotes`, rendered by the page).
 */
export function MemoryCard({ server, latest, now, hostViewNotes }: { server: ServerView; latest: LatestMemory | null; now: number; hostViewNotes: HostViewNotes }) {
  const usage = latest ? memoryUsage(latest.source, latest.point) : null;
  const point = latest?.point;
  const figures: [string, number | null | undefined, string][] = [
    ["Balloon size", point?.balloonKiB, "Memory the guest currently holds; the host may reclaim the rest."],
    ["Used by the guest", point?.usedKiB, "Memory the guest's programs use, cache excluded."],
    ["Cache", point?.cacheKiB, "Disk cache the guest can free when it needs memory."],
    ["Available", point?.availableKiB, "What the guest can still hand out without swapping."],
    ["Host RSS", point?.rssKiB, "Memory the server's process occupies on the host."],
  ];

  return (
    <Card>
      <CardHeader
        title="Memory"
        description={
          latest ? (
            <>
              {SOURCE_NAMES[latest.source]} · updated <time dateTime={latest.point.at} suppressHydrationWarning>{timeAgo(latest.point.at, now)}</time>
            </>
          ) : (
            "No readings yet"
          )
        }
      />
      <CardBody className="space-y-5">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <div>
            <p className="text-sm text-slate-600">In use</p>
            <p className="text-3xl font-semibold tracking-tight text-slate-900">
              {usage?.inUseKiB != null ? formatKiB(usage.inUseKiB) : "Unknown"}
              <span className="text-base font-normal text-slate-500"> / {formatMiB(server.memoryMiB)} plan</span>
            </p>
          </div>
        </div>
        <MemoryUsageBar usage={usage} />
        <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-3">
          <Figure label="Plan size" value={formatMiB(server.memoryMiB)} hint="The memory your plan includes." />
          {figures.map(([label, value, hint]) => (
            <Figure key={label} label={label} value={value == null ? null : formatKiB(value)} hint={hint} />
          ))}
        </dl>
        {latest?.source === "host" && hostViewNotes[hostViewReason(server)]}
      </CardBody>
    </Card>
  );
}

function Figure({ label, value, hint }: { label: string; value: string | null; hint: string }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500" title={hint}>
        {label}
      </dt>
      <dd className={`mt-1 text-sm font-medium ${value ? "text-slate-900" : "text-slate-500"}`}>{value ?? "Not reported"}</dd>
    </div>
  );
}
