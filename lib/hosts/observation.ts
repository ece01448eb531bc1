import { auditEvent } from "@/lib/audit/audit-event.ts";
import type { Prisma } from "@/lib/db/client.ts";
import type { BalloonModel, ServerStatus } from "@/lib/db/generated/enums.ts";
import type { DomainState } from "@/lib/hypervisor/types.ts";

/** What a host agent saw of one domain: its power state and the balloon of its live and persistent XML. */
export type Observation = {
  state: DomainState;
  /** The running domain's balloon (live XML); null for LXC or when unknown. */
  balloon: "virtio" | "none" | null;
  /** The persistent definition's balloon, which the next cold restart brings. */
  pendingBalloon?: "virtio" | "none" | null;
};

const STATUS_BY_STATE: Record<DomainState, ServerStatus> = {
  running: "running",
  shutting_down: "running",
  paused: "stopped",
  shutoff: "stopped",
  crashed: "unknown",
  other: "unknown",
};

/** Records an observation on the server. `keepStatus` leaves the status alone while an action owns it. */
export async function applyObservation(
  tx: Prisma.TransactionClient,
  serverId: string,
  observation: Observation,
  { keepStatus = false, at = new Date() }: { keepStatus?: boolean; at?: Date } = {},
): Promise<void> {
  // Locked, so two reports racing cannot both see the old balloon and record the change twice.
  const [before] = await tx.$queryRaw<{ ran_with_balloon: BalloonModel | null }[]>`
    SELECT ran_with_balloon FROM servers WHERE id = ${serverId}::uuid FOR UPDATE`;
  const next: BalloonModel | null = observation.pendingBalloon === undefined ? observation.balloon : observation.pendingBalloon;
  // Only a running domain's balloon is the one it runs with; a stopped domain reports its definition.
  const runningWith = observation.state === "running" ? observation.balloon : null;
  await tx.server.update({
    where: { id: serverId },
    data: {
      observedBalloon: observation.balloon,
      observedNextBalloon: next,
      observedAt: at,
      ...(runningWith ? { ranWithBalloon: runningWith } : {}),
      ...(keepStatus ? {} : { status: STATUS_BY_STATE[observation.state] }),
    },
  });
  // A change between two known balloons counts; "unknown" (null) before proves nothing.
  const from = before?.ran_with_balloon ?? null;
  if (runningWith && from !== null && from !== runningWith) {
    await tx.auditEvent.create({ data: ballooningAppliedEvent({ serverId, from, to: runningWith, at }) });
  }
}

/** The audit row for a balloon change, in the shape the memory series reads (`data.enabled`). */
export function ballooningAppliedEvent({ serverId, from, to, at }: { serverId: string; from: BalloonModel; to: BalloonModel; at: Date }) {
  return auditEvent("server.ballooning_applied", { serverId, createdAt: at }, { enabled: to === "virtio", from, to });
}
