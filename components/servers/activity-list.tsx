import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card, CardHeader } from "@/components/ui/card";
import type { ActivityKind, ActivityPage } from "@/lib/contracts/activity";
import { utcDateTime } from "@/lib/format";
import { activitySentences } from "./activity-sentences";

// A page of a server's activity, rendered on the server: a list of sentences with their times, and
// links to the older page and back to the newest. Plain links: no script of its own.

/** The dot beside an event, for the eye only: the sentence says the same. */
const DOTS: Partial<Record<ActivityKind, string>> = {
  action_succeeded: "bg-emerald-600",
  moved_to_kvm: "bg-emerald-600",
  action_failed: "bg-red-600",
  guaranteed_memory_refused: "bg-amber-600",
};

const LINK = "rounded-sm font-medium text-indigo-700 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

export async function ActivityList({ serverId, page, newest }: { serverId: string; page: ActivityPage; newest: boolean }) {
  const t = await getTranslations("activity");
  const locale = await getLocale();
  const sentence = await activitySentences();
  const path = `/servers/${serverId}/activity`;
  const which = newest ? "newest" : "earlier";
  return (
    <Card>
      <CardHeader title={t("heading")} description={t(`description.${which}`)} />
      {page.events.length > 0 ? (
        <ol aria-label={t(`listLabel.${which}`)} className="divide-y divide-slate-100">
          {page.events.map((event) => (
            <li key={event.id} className="flex gap-3 px-5 py-3">
              <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${DOTS[event.kind] ?? "bg-slate-400"}`} />
              <div className="min-w-0">
                <p className="break-words text-sm text-slate-900">{sentence(event)}</p>
                <p className="mt-0.5 text-xs tabular-nums text-slate-600">
                  <time dateTime={event.at}>{utcDateTime(event.at, locale)}</time>
                </p>
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p className="px-5 py-6 text-sm text-slate-600">{t(`empty.${which}`)}</p>
      )}
      {(!newest || page.nextCursor) && (
        <nav aria-label={t("pages.label")} className="flex flex-wrap justify-between gap-4 border-t border-slate-100 px-5 py-3 text-sm">
          {newest ? (
            <span />
          ) : (
            <Link href={path} prefetch={false} className={LINK}>
              {t("pages.newest")}
            </Link>
          )}
          {page.nextCursor && (
            <Link href={`${path}?cursor=${encodeURIComponent(page.nextCursor)}`} prefetch={false} className={LINK}>
              {t("pages.older")}
            </Link>
          )}
        </nav>
      )}
    </Card>
  );
}
