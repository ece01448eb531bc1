import { formatKiB, timeAgo } from "../../lib/format.ts";

// How the operator commands print for people: aligned tables, sizes and moments as people read them.

/** Rows under a header, each column as wide as its widest cell; "(none)" for no rows. */
export function table(header: string[], rows: string[][]): string {
  if (rows.length === 0) return "(none)";
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

export const memory = (kib: number | null) => (kib === null ? "-" : formatKiB(kib));

export const seen = (iso: string | null) => (iso === null ? "never" : timeAgo(iso));

/** "2026-12-06 14:03 UTC": a moment a person has to act before. */
export function moment(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

export const indent = (text: string) => `  ${text}`;
