import type { DomainState } from "../types.ts";
import { pick } from "./seeded-random.ts";

// A domain's power state as stored: no timers, only the deadlines of transitions in progress. The
// state at any moment is derived from the clock, so a restarted app (or a second process reading
// the same state file) sees a shutdown finish exactly when it would have.

export type PowerRecord =
  | { state: "shutoff" }
  | { state: "running"; startedAtMs: number; bootedAtMs: number }
  | { state: "shutting_down"; startedAtMs: number; bootedAtMs: number; shutoffAtMs: number };

export type SimulatedTimings = {
  /** How long an ACPI shutdown takes; by default 3–8 s, fixed per domain. */
  shutdownMs?: number;
  /** How long the guest boots before its balloon driver reports figures. */
  bootMs?: number;
};

export const DEFAULT_BOOT_MS = 1_500;

export const SHUT_OFF: PowerRecord = { state: "shutoff" };

/** ACPI shutdown time of one domain: some guests stop services faster than others, always the same way. */
export function acpiShutdownMs(name: string, timings: SimulatedTimings): number {
  return timings.shutdownMs ?? Math.round(pick(3_000, 8_000, name, "acpi-shutdown"));
}

/** The record as it stands at `nowMs`: a shutdown whose deadline has passed is finished. */
export function powerAt(record: PowerRecord, nowMs: number): PowerRecord {
  return record.state === "shutting_down" && nowMs >= record.shutoffAtMs ? SHUT_OFF : record;
}

export const isActive = (record: PowerRecord): record is Exclude<PowerRecord, { state: "shutoff" }> =>
  record.state !== "shutoff";

export const domainStateOf = (record: PowerRecord, nowMs: number): DomainState => powerAt(record, nowMs).state;

export function startedAt(nowMs: number, timings: SimulatedTimings): PowerRecord {
  return { state: "running", startedAtMs: nowMs, bootedAtMs: nowMs + (timings.bootMs ?? DEFAULT_BOOT_MS) };
}

/**
 * The guest accepted an ACPI power-button press. A guest still booting handles it only once it has
 * booted, as a real one does when acpid is not yet up; a second press changes nothing.
 */
export function acpiShutdownFrom(record: PowerRecord, name: string, nowMs: number, timings: SimulatedTimings): PowerRecord {
  if (record.state !== "running") return record;
  const shutoffAtMs = Math.max(nowMs, record.bootedAtMs) + acpiShutdownMs(name, timings);
  return { ...record, state: "shutting_down", shutoffAtMs };
}
