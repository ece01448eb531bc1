// Formatting shared by server and client components (no server-only imports here). Each takes the
// reader's locale (lib/i18n/locales.ts): numbers, sizes and times as they are written there ("2,4 GiB"
// in Italian and German). English keeps the dashboard's own short forms ("12 s ago"); the other
// languages take theirs from the browser's and Node's Intl, which know them.
import type { Locale } from "@/lib/i18n/locales.ts";

export { imageName } from "@/lib/images/image-names.ts";

const GIB_IN_KIB = 1024 * 1024;

/** "3.2 GiB", "512 MiB" ("3,2 GiB" in Italian and German): memory figures as people read them. */
export function formatKiB(kib: number, locale: Locale = "en"): string {
  if (kib >= GIB_IN_KIB) return `${figure(kib / GIB_IN_KIB, locale)} GiB`;
  return `${figure(Math.round(kib / 1024), locale)} MiB`;
}

export function formatMiB(mib: number, locale: Locale = "en"): string {
  return formatKiB(mib * 1024, locale);
}

/** One decimal below 100 ("3.2", "3" for 3.0), none above; no grouping, as sizes are written. */
function figure(value: number, locale: Locale): string {
  return numberFormat(locale, value >= 100 ? 0 : 1).format(value);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale} ${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits, useGrouping: false })));
  return format;
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.max(0, Math.round((part / whole) * 100))) : 0;
}

/** "12 s ago", "5 min ago", "3 h ago" ("5 min fa", "vor 5 Min."), falling back to a date. */
export function timeAgo(iso: string, now: number = Date.now(), locale: Locale = "en"): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds >= 86_400) return new Date(iso).toLocaleDateString(dateLocale(locale), { day: "numeric", month: "short", year: "numeric" });
  const [count, unit] = seconds < 60 ? [seconds, "second" as const] : seconds < 3600 ? [Math.round(seconds / 60), "minute" as const] : [Math.round(seconds / 3600), "hour" as const];
  if (locale === "en") return `${count} ${{ second: "s", minute: "min", hour: "h" }[unit]} ago`;
  return new Intl.RelativeTimeFormat(locale, { style: "short" }).format(-count, unit);
}

/** English dates are written the British way (6 Dec 2026, 14:03), as the dashboard always has. */
export function dateLocale(locale: Locale): string {
  return locale === "en" ? "en-GB" : locale;
}

/** "6 Dec 2026, 14:03:27 UTC": a moment on a page rendered on the server, which knows no reader's time zone. */
export function utcDateTime(iso: string, locale: Locale = "en"): string {
  return `${new Intl.DateTimeFormat(dateLocale(locale), { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }).format(new Date(iso))} UTC`;
}
