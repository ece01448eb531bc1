// Formatting shared by server and client components (no server-only imports here).

export { imageName } from "@/lib/images/image-names.ts";

const GIB_IN_KIB = 1024 * 1024;

/** "3.2 GiB", "512 MiB": memory figures as people read them. */
export function formatKiB(kib: number): string {
  if (kib >= GIB_IN_KIB) return `${trim(kib / GIB_IN_KIB)} GiB`;
  return `${Math.round(kib / 1024)} MiB`;
}

export function formatMiB(mib: number): string {
  return formatKiB(mib * 1024);
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, "");
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.max(0, Math.round((part / whole) * 100))) : 0;
}

/** "12 s ago", "5 min ago", "3 h ago", falling back to a date. */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

const UTC_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** "6 Dec 2026, 14:03:27 UTC": a moment on a page rendered on the server, which knows no reader's time zone. */
export function utcDateTime(iso: string): string {
  return `${UTC_TIME.format(new Date(iso))} UTC`;
}
