import { getTranslations } from "next-intl/server";
import { chooseLocale } from "@/lib/server-actions/choose-locale";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";

/**
 * The user menu's language choice: a form the server renders and a Server Action saves
 * (lib/server-actions/choose-locale.ts), so the menu adds no script of its own to any page, and works
 * before the page's scripts have loaded.
 */
export async function LanguageSwitcher({ current }: { current: Locale }) {
  const t = await getTranslations("common.language");
  return (
    // Keyed by the language, so the form shows the new choice once the page comes back in it (React
    // resets a form after its action, to the values it was rendered with).
    <form key={current} action={chooseLocale} className="flex items-end gap-2 text-xs">
      <div className="min-w-0 flex-1">
        <label htmlFor="language" className="mb-1 block text-slate-400">
          {t("label")}
        </label>
        <select
          id="language"
          name="locale"
          defaultValue={current}
          className="w-full rounded border border-slate-700 bg-slate-800 px-2 py-1 text-sm text-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-400"
        >
          {LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        className="rounded border border-slate-600 px-2 py-1 text-sm font-medium text-slate-100 hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-400"
      >
        {t("apply")}
      </button>
    </form>
  );
}
