import { getTranslations } from "next-intl/server";

export async function Brand({ inverted = false }: { inverted?: boolean }) {
  const t = await getTranslations("common");
  return (
    <span className="flex items-center gap-2.5">
      {/* eslint-disable-next-line @next/next/no-img-element -- a tiny static SVG needs no image optimisation */}
      <img src="/icon.svg" alt="" width={28} height={28} />
      <span className={`text-base font-semibold tracking-tight ${inverted ? "text-white" : "text-slate-900"}`}>{t("brand")}</span>
    </span>
  );
}
