// The memory of a node that guaranteed memory never takes: the node's own system, QEMU's overhead
// per domain, the page cache the host needs to stay responsive. A host may set its own
// (`hosts.memory_headroom_mib`, for a node whose size or workload differs); every other host takes
// the dashboard's default, so a provider tunes the whole fleet with one setting.

import { appLog } from "@/lib/observability/logger.ts";

/** 2 GiB: a hypervisor node's own system with room for QEMU's per-domain overhead. */
export const DEFAULT_HEADROOM_MIB = 2048;

const HEADROOM_VARIABLE = "GUARANTEED_MEMORY_HEADROOM_MIB";
let warned = false;

/** The dashboard-wide headroom: GUARANTEED_MEMORY_HEADROOM_MIB (whole MiB, 0 or more), else 2048. */
export function defaultHeadroomMiB(env: Record<string, string | undefined> = process.env): number {
  const configured = env[HEADROOM_VARIABLE]?.trim();
  if (!configured) return DEFAULT_HEADROOM_MIB;
  if (/^\d+$/.test(configured) && Number.isSafeInteger(Number(configured))) return Number(configured);
  if (!warned) {
    // Said once, not per request: a typo ("2G") must not pass unnoticed, nor fail every request.
    appLog().warn(`${HEADROOM_VARIABLE}=${JSON.stringify(configured)} is not a whole number of MiB; using ${DEFAULT_HEADROOM_MIB}.`);
    warned = true;
  }
  return DEFAULT_HEADROOM_MIB;
}

/** The headroom of one host: its own when set, else the default. */
export function headroomOf(host: { memoryHeadroomMiB: number | null }): number {
  return host.memoryHeadroomMiB ?? defaultHeadroomMiB();
}
