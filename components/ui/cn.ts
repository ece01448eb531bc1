import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names, skipping the false and empty ones: `cn("px-3", active && "bg-slate-800", className)`.
 * Without tailwind-merge, which dub's `cn` adds: the kit's components take a className for their
 * place on the page (margins, widths), never one that contradicts a variant, so there are no
 * conflicting classes to resolve, and its several KiB of script would sit on every page.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
