import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./locales.ts";

// Apart from locales.ts, which client components import: these two libraries stay off the pages' scripts.

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
