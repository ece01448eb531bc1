import { db } from "@/lib/db/client.ts";
import type { MemorySource } from "@/lib/db/generated/enums.ts";
import type { MemoryPoint } from "@/lib/contracts/metrics.ts";
import { toMemoryPoint } from "./memory-point.ts";

export type LatestMemory = { source: MemorySource; point: MemoryPoint };

/**
 * The newest memory reading of each server, keyed by server id. Callers pass ids they have
 * already authorised. One indexed lookup per server ((server_id, at) index).
 */
export async function latestMemory(serverIds: string[]): Promise<Map<string, LatestMemory>> {
  const samples = await Promise.all(
    serverIds.map((serverId) => db().memorySample.findFirst({ where: { serverId }, orderBy: { at: "desc" } })),
  );
  const latest = new Map<string, LatestMemory>();
  for (const sample of samples) {
    if (sample) latest.set(sample.serverId, { source: sample.source, point: toMemoryPoint(sample) });
  }
  return latest;
}
