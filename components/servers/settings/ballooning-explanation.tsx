import { getTranslations } from "next-intl/server";

/** What ballooning is, why it is the default, and when to turn it off, in the customer's terms. Rendered on the server. */
export async function BallooningExplanation() {
  const t = await getTranslations("settings.explanation");
  return (
    <div className="space-y-4 text-sm text-slate-700">
      <div className="space-y-3">
        <p>{t("what")}</p>
        <p>{t.rich("recommended", { b: (chunks) => <span className="font-medium text-slate-900">{chunks}</span> })}</p>
      </div>
      <div>
        <h3 className="font-medium text-slate-900">{t("whenTitle")}</h3>
        <p className="mt-1">{t("whenIntro")}</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 marker:text-slate-400">
          <li>{t("realTimeDatabases")}</li>
          <li>{t("lowLatencyServices")}</li>
        </ul>
        <p className="mt-2">{t("fullMemory")}</p>
      </div>
    </div>
  );
}
