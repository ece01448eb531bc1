// The dashboard's languages. A customer's saved choice wins (users.locale, set from the language
// menu); without one, the browser's Accept-Language picks among these (accept-language.ts); English
// otherwise. Client components import this file: it holds no more than the names.

export const LOCALES = ["en", "it", "de"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language named in itself, as a language menu lists them: a reader finds their own whatever the page's language. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", it: "Italiano", de: "Deutsch" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
