import { getTranslations } from "next-intl/server";

/** What ballooning is and when to turn it off, in the customer's terms. */
export async function BallooningExplainer() {
  const t = await getTranslations("servers.ballooningExplainer");
  return (
    <div className="space-y-3 text-sm text-slate-700">
      <p>{t("whatItDoes")}</p>
      <p>{t("whenToDisable")}</p>
    </div>
  );
}
