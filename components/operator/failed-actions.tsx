import { getTranslations } from "next-intl/server";
import type { FailedActionRow } from "@/lib/operators/fleet-view";

/** Each failure with what the customer read and what the host said; libvirt's words are for operators only. */
export async function FailedActions({ rows }: { rows: FailedActionRow[] }) {
  const [t, operator] = await Promise.all([getTranslations("operator.failures.failedActions"), getTranslations("operator")]);
  return (
    <ul className="space-y-3">
      {rows.map((failure) => (
        <li key={failure.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <h3 className="min-w-0 break-words font-medium text-slate-900">
              {t(`heading.${failure.command}`, { server: failure.server.name })}
              <span className="ml-2 font-mono text-xs font-normal text-slate-600">{failure.server.domainName} · {failure.host}</span>
            </h3>
            <p className="text-xs text-slate-600">
              {failure.finishedAt ? <time dateTime={failure.finishedAt.toISOString()}>{operator("utcTime", { time: failure.finishedAt.toISOString().replace("T", " ").slice(0, 19) })}</time> : t("notFinished")}
              {" · "}
              {t("attempts", { count: failure.attempts })} · {failure.owner}
            </p>
          </div>
          <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-slate-600">{t("code")}</dt>
            <dd className="font-mono text-red-800">{failure.errorCode ?? t("noCode")}</dd>
            <dt className="text-slate-600">{t("customerRead")}</dt>
            <dd className="text-slate-800">{failure.message ?? t("noMessage")}</dd>
            <dt className="text-slate-600">{t("hostSaid")}</dt>
            <dd className="min-w-0">
              {failure.detail ? (
                <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">{failure.detail}</pre>
              ) : (
                <span className="text-slate-600">{t("nothingBeyondCode")}</span>
              )}
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
