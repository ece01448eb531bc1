import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";

// The dashboard's languages. A customer's saved choice wins (users.locale, set from the language
// menu); without one, the browser's Accept-Language picks among these; English otherwise.

export const LOCALES = ["en", "it", "de"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language named in itself, as a language menu lists them: a reader finds their own whatever the page's language. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", it: "Italiano", de: "Deutsch" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The dashboard's language that best fits an Accept-Language header (`de-CH,de;q=0.9` → de), or English. */
export function localeFromAcceptLanguage(acceptLanguage: string | null): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const requested = new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages();
  try {
    const best = match(requested.filter((tag) => tag !== "*"), [...LOCALES], DEFAULT_LOCALE);
    return isLocale(best) ? best : DEFAULT_LOCALE;
  } catch {
    // A malformed language tag in the header: the header says nothing usable.
    return DEFAULT_LOCALE;
  }
}
