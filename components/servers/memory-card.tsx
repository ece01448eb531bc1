import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatKiB, formatMiB, timeAgo } from "@/lib/format";
import { fillWords } from "@/lib/i18n/fill-words";
import type { Locale } from "@/lib/i18n/locales";
import type { LatestMemory } from "@/lib/metrics/latest-memory";
import { hostViewReason, memoryUsage } from "@/lib/metrics/usage";
import type { ServerView } from "@/lib/contracts/servers";
import type { HostViewNotes } from "./host-view-notes";
import { MemoryUsageBar } from "./memory-usage-bar";
import { splitAt, type ClientMemoryWords } from "./words";

type FigureName = keyof ClientMemoryWords["card"]["figures"];

/**
 * The plan size and the latest reading, with every figure labelled and unknown ones said so; with
 * only the host's view, the note that says why (`hostViewNotes`, rendered by the page).
 */
export function MemoryCard({
  server,
  latest,
  now,
  hostViewNotes,
  words,
  locale,
}: {
  server: ServerView;
  latest: LatestMemory | null;
  now: number;
  hostViewNotes: HostViewNotes;
  words: ClientMemoryWords;
  locale: Locale;
}) {
  const usage = latest ? memoryUsage(latest.source, latest.point) : null;
  const point = latest?.point;
  const card = words.card;
  const figures: [FigureName, number | null | undefined][] = [
    ["balloon", point?.balloonKiB],
    ["used", point?.usedKiB],
    ["cache", point?.cacheKiB],
    ["available", point?.availableKiB],
    ["rss", point?.rssKiB],
  ];
  const [updatedBefore, updatedAfter] = splitAt(words.updated, "time");
  const plan = formatMiB(server.memoryMiB, locale);

  return (
    <Card>
      <CardHeader
        title={card.title}
        description={
          latest ? (
            <>
              {words.sources[latest.source]}
              {" · "}
              {updatedBefore}
              <time dateTime={latest.point.at} suppressHydrationWarning>
                {timeAgo(latest.point.at, now, locale)}
              </time>
              {updatedAfter}
            </>
          ) : (
            card.noReadings
          )
        }
      />
      <CardBody className="space-y-5">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <div>
            <p className="text-sm text-slate-600">{card.inUse}</p>
            <p className="text-3xl font-semibold tracking-tight text-slate-900">
              {usage?.inUseKiB != null ? formatKiB(usage.inUseKiB, locale) : card.unknown}
              <span className="text-base font-normal text-slate-500"> {fillWords(card.ofPlan, { size: plan })}</span>
            </p>
          </div>
        </div>
        <MemoryUsageBar usage={usage} words={words} locale={locale} />
        <dl className="grid grid-cols-2 gap-x-6 gap-y-4 sm:grid-cols-3">
          <Figure label={card.figures.plan.label} value={plan} hint={card.figures.plan.hint} notReported={card.notReported} />
          {figures.map(([name, value]) => (
            <Figure key={name} label={card.figures[name].label} value={value == null ? null : formatKiB(value, locale)} hint={card.figures[name].hint} notReported={card.notReported} />
          ))}
        </dl>
        {latest?.source === "host" && hostViewNotes[hostViewReason(server)]}
      </CardBody>
    </Card>
  );
}

function Figure({ label, value, hint, notReported }: { label: string; value: string | null; hint: string; notReported: string }) {
  return (
    <div className="min-w-0">
      <dt className="break-words text-xs font-medium uppercase tracking-wide text-slate-500" title={hint}>
        {label}
      </dt>
      <dd className={`mt-1 text-sm font-medium ${value ? "text-slate-900" : "text-slate-500"}`}>{value ?? notReported}</dd>
    </div>
  );
}
