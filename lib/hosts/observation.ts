import { AUDIT_KINDS, auditEvent } from "@/lib/audit/audit-event.ts";
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

export type ObservationOptions = { keepStatus?: boolean; actionEnded?: boolean; receivedAt?: Date };

/** One server's observation, with how it is to be applied. */
export type ServerObservation = { serverId: string; observation: Observation } & ObservationOptions;

/**
 * Records an observation on the server. Each part only ever moves forward: definitions read before
 * the ones on record (a late report, a second agent's cached XML) leave the balloons alone, and a
 * power state seen before the one on record leaves the status alone. `keepStatus` leaves the status
 * to a running action. `actionEnded` is the completion of that action: reports made while it ran
 * left the status alone, so its last observation sets the status even when such a report saw the
 * domain a moment later (the next report corrects it if the domain changed since).
 */
export async function applyObservation(tx: Prisma.TransactionClient, serverId: string, observation: Observation, options: ObservationOptions = {}): Promise<void> {
  await applyObservations(tx, [{ serverId, observation, ...options }]);
}

/**
 * Applies many servers' observations in one statement, with applyObservation's rules, and writes
 * only the rows whose recorded values change: a host reports every 10 s and nearly always sees what
 * is on record already. The times on record (observed_at, state_observed_at) therefore say since when
 * the values are known, not when they were last confirmed (that is the host's last_seen_at): they
 * advance whenever the row is written, and are set the first time, but an unchanged observation
 * leaves the row alone. An observation older than the one on record is still never applied; one
 * older than an unchanged report that was not written, but newer than the values on record, is
 * (the next report puts it right).
 *
 * Only the rows that change are locked (FOR NO KEY UPDATE, as an UPDATE locks them), in the order of
 * their ids as a claim locks servers, so that no two writers wait for each other in opposite orders.
 * A running domain seen with another balloon than it last ran with gets its audit event in the same
 * statement. Returns the ids of the servers written.
 */
export async function applyObservations(tx: Prisma.TransactionClient, entries: ServerObservation[]): Promise<string[]> {
  if (entries.length === 0) return [];
  const columns = {
    ids: [] as string[],
    statuses: [] as ServerStatus[],
    running: [] as boolean[],
    balloons: [] as (BalloonModel | null)[],
    nextBalloons: [] as (BalloonModel | null)[],
    stateAt: [] as string[],
    definitionsAt: [] as string[],
    keepStatus: [] as boolean[],
    actionEnded: [] as boolean[],
  };
  for (const { serverId, observation, keepStatus = false, actionEnded = false, receivedAt = new Date() } of entries) {
    const stateAt = observation.at ? new Date(observation.at) : receivedAt;
    const definitionsAt = observation.definitionsAt ? new Date(observation.definitionsAt) : stateAt;
    columns.ids.push(serverId);
    columns.statuses.push(STATUS_BY_STATE[observation.state]);
    // Only a running domain's balloon is the one it runs with; a stopped domain reports its definition.
    columns.running.push(observation.state === "running");
    columns.balloons.push(observation.balloon);
    columns.nextBalloons.push(observation.pendingBalloon === undefined ? observation.balloon : observation.pendingBalloon);
    columns.stateAt.push(stateAt.toISOString());
    columns.definitionsAt.push(definitionsAt.toISOString());
    columns.keepStatus.push(keepStatus);
    columns.actionEnded.push(actionEnded);
  }
  const written = await tx.$queryRaw<{ id: string }[]>`
    WITH observed AS (
      SELECT * FROM unnest(
        ${columns.ids}::uuid[], ${columns.statuses}::text[], ${columns.running}::boolean[], ${columns.balloons}::text[],
        ${columns.nextBalloons}::text[], ${columns.stateAt}::timestamptz[], ${columns.definitionsAt}::timestamptz[],
        ${columns.keepStatus}::boolean[], ${columns.actionEnded}::boolean[])
        AS o(id, status, running, balloon, next_balloon, state_at, definitions_at, keep_status, action_ended)
    ),
    -- Judged on the locked row itself: a row another transaction wrote meanwhile is judged again on
    -- its new values once the lock is ours, so a newer observation is never overwritten.
    locked AS MATERIALIZED (
      SELECT o.id, o.definitions_at, s.ran_with_balloon AS ran_with_before, next.*,
             CASE WHEN fresh.newer_definitions THEN o.definitions_at ELSE s.observed_at END AS new_observed_at,
             CASE WHEN fresh.newer_state THEN o.state_at ELSE s.state_observed_at END AS new_state_observed_at
      FROM observed o
      JOIN servers s ON s.id = o.id
      CROSS JOIN LATERAL (
        SELECT s.observed_at IS NULL OR o.definitions_at > s.observed_at AS newer_definitions,
               s.state_observed_at IS NULL OR o.state_at > s.state_observed_at AS newer_state
      ) fresh
      CROSS JOIN LATERAL (
        SELECT
          CASE WHEN fresh.newer_definitions THEN o.balloon::"BalloonModel" ELSE s.observed_balloon END AS new_balloon,
          CASE WHEN fresh.newer_definitions THEN o.next_balloon::"BalloonModel" ELSE s.observed_next_balloon END AS new_next_balloon,
          CASE WHEN fresh.newer_definitions AND o.running AND o.balloon IS NOT NULL THEN o.balloon::"BalloonModel" ELSE s.ran_with_balloon END AS new_ran_with,
          CASE WHEN (fresh.newer_state AND NOT o.keep_status) OR (NOT fresh.newer_state AND o.action_ended) THEN o.status::"ServerStatus" ELSE s.status END AS new_status
      ) next
      WHERE next.new_balloon IS DISTINCT FROM s.observed_balloon
         OR next.new_next_balloon IS DISTINCT FROM s.observed_next_balloon
         OR next.new_ran_with IS DISTINCT FROM s.ran_with_balloon
         OR next.new_status IS DISTINCT FROM s.status
         -- The first observation sets the times even when the values were right already.
         OR (fresh.newer_definitions AND s.observed_at IS NULL)
         OR (fresh.newer_state AND s.state_observed_at IS NULL)
      ORDER BY s.id
      FOR NO KEY UPDATE OF s
    ),
    written AS (
      UPDATE servers s SET
        observed_balloon = l.new_balloon,
        observed_next_balloon = l.new_next_balloon,
        ran_with_balloon = l.new_ran_with,
        status = l.new_status,
        observed_at = l.new_observed_at,
        state_observed_at = l.new_state_observed_at,
        updated_at = now()
      FROM locked l WHERE s.id = l.id
      RETURNING s.id, l.ran_with_before, s.ran_with_balloon AS ran_with_after, l.definitions_at
    ),
    -- A change between two known balloons counts; "unknown" (null) before proves nothing.
    -- The event's data has the shape ballooningAppliedEvent (below) gives it.
    applied AS (
      INSERT INTO audit_events (server_id, kind, data, created_at)
      SELECT w.id, ${AUDIT_KINDS.ballooningApplied},
             jsonb_build_object('enabled', w.ran_with_after = 'virtio', 'from', w.ran_with_before, 'to', w.ran_with_after), w.definitions_at
      FROM written w
      WHERE w.ran_with_before IS NOT NULL AND w.ran_with_after IS DISTINCT FROM w.ran_with_before
    )
    SELECT id FROM written`;
  return written.map((row) => row.id);
}

/** The audit row for a balloon change, in the shape the memory series reads (`data.enabled`). */
export function ballooningAppliedEvent({ serverId, from, to, at }: { serverId: string; from: BalloonModel; to: BalloonModel; at: Date }) {
  return auditEvent(AUDIT_KINDS.ballooningApplied, { serverId, createdAt: at }, { enabled: to === "virtio", from, to });
}
