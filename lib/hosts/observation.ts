import { auditEvent } from "@/lib/audit/audit-event.ts";
import type { Prisma } from "@/lib/db/client.ts";
import type { BalloonModel, ServerStatus } from "@/lib/db/generated/enums.ts";
import type { Observation } from "@/lib/contracts/provider.ts";
import type { DomainState } from "@/lib/hypervisor/types.ts";

const STATUS_BY_STATE: Record<DomainState, ServerStatus> = {
  running: "running",
  shutting_down: "running",
  paused: "stopped",
  shutoff: "stopped",
  crashed: "unknown",
  other: "unknown",
};

/**
 * Records an observation on the server. Each part only ever moves forward: definitions read before
 * the ones on record (a late report, a second agent's cached XML) leave the balloons alone, and a
 * power state seen before the one on record leaves the status alone. `keepStatus` leaves the status
 * to a running action. `actionEnded` is the completion of that action: reports made while it ran
 * recorded when they saw the domain but left the status alone, so its last observation sets the
 * status even when such a report saw the domain a moment later (the next report corrects it if the
 * domain changed since).
 */
export async function applyObservation(
  tx: Prisma.TransactionClient,
  serverId: string,
  observation: Observation,
  { keepStatus = false, actionEnded = false, receivedAt = new Date() }: { keepStatus?: boolean; actionEnded?: boolean; receivedAt?: Date } = {},
): Promise<void> {
  const stateAt = observation.at ? new Date(observation.at) : receivedAt;
  const definitionsAt = observation.definitionsAt ? new Date(observation.definitionsAt) : stateAt;
  // Locked, so two reports racing cannot both see the old balloon and record the change twice.
  const [before] = await tx.$queryRaw<{ ran_with_balloon: BalloonModel | null; observed_at: Date | null; state_observed_at: Date | null }[]>`
    SELECT ran_with_balloon, observed_at, state_observed_at FROM servers WHERE id = ${serverId}::uuid FOR UPDATE`;
  const newerDefinitions = !before?.observed_at || definitionsAt > before.observed_at;
  const newerState = !before?.state_observed_at || stateAt > before.state_observed_at;
  const next: BalloonModel | null = observation.pendingBalloon === undefined ? observation.balloon : observation.pendingBalloon;
  // Only a running domain's balloon is the one it runs with; a stopped domain reports its definition.
  const runningWith = newerDefinitions && observation.state === "running" ? observation.balloon : null;
  if (!newerDefinitions && !newerState && !actionEnded) return;
  await tx.server.update({
    where: { id: serverId },
    data: {
      ...(newerDefinitions ? { observedBalloon: observation.balloon, observedNextBalloon: next, observedAt: definitionsAt } : {}),
      ...(runningWith ? { ranWithBalloon: runningWith } : {}),
      ...(newerState ? { stateObservedAt: stateAt, ...(keepStatus ? {} : { status: STATUS_BY_STATE[observation.state] }) } : {}),
      ...(!newerState && actionEnded ? { status: STATUS_BY_STATE[observation.state] } : {}),
    },
  });
  // A change between two known balloons counts; "unknown" (null) before proves nothing.
  const from = before?.ran_with_balloon ?? null;
  if (runningWith && from !== null && from !== runningWith) {
    await tx.auditEvent.create({ data: ballooningAppliedEvent({ serverId, from, to: runningWith, at: definitionsAt }) });
  }
}

/** The audit row for a balloon change, in the shape the memory series reads (`data.enabled`). */
export function ballooningAppliedEvent({ serverId, from, to, at }: { serverId: string; from: BalloonModel; to: BalloonModel; at: Date }) {
  return auditEvent("server.ballooning_applied", { serverId, createdAt: at }, { enabled: to === "virtio", from, to });
}
