import { dateLocale } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";

// Moments on the account pages, rendered on the server, which knows no reader's time zone: in UTC,
// said so, to the minute ("6 Dec 2026, 14:03 UTC"; "6 dic 2026, 14:03 UTC").

const formats = new Map<Locale, Intl.DateTimeFormat>();

export function utcMinute(iso: string, locale: Locale): string {
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })));
  return `${format.format(new Date(iso))} UTC`;
}
