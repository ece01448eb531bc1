import { randomUUID } from "node:crypto";
import { auditEvent } from "@/lib/audit/audit-event.ts";
import { db, type Prisma } from "@/lib/db/client.ts";
import type { StepStatus } from "@/lib/db/generated/enums.ts";
import * as z from "zod/mini";
import { stepDataSchema, type ClaimedAction, type ClaimedStep } from "@/lib/contracts/provider.ts";
import { logAction } from "./action-log.ts";
import { isStepOf, parseParams, type CommandName } from "./commands/index.ts";
import { LEASE_MS } from "./leases.ts";

// Agents claim their host's queued actions. FOR UPDATE SKIP LOCKED lets any number of agents claim
// at once without waiting on each other or taking the same action; only the oldest unfinished action
// of a server is ever claimable, so a server never runs two. An action whose agent vanished (lease
// expired) is claimable again and resumes at its first unfinished step, until its attempts run out.

/** An action the claim ended itself, with the error its customer reads. */
type Ended = { id: string; serverId: string; command: CommandName; errorCode: string; errorMessage: string };

export async function claimActions({ hostId, max = 1 }: { hostId: string; max?: number }): Promise<ClaimedAction[]> {
  const { handedOut, ended } = await claimInTransaction(hostId, max);
  for (const action of ended) logAction(action, "error", `ended in error (${action.errorCode})`, { hostId, errorCode: action.errorCode });
  for (const action of handedOut) {
    logAction({ id: action.id, serverId: action.server.id, command: action.command }, "claimed", `claimed (attempt ${action.attempt})`, { hostId, attempt: action.attempt });
  }
  return handedOut;
}

function claimInTransaction(hostId: string, max: number): Promise<{ handedOut: ClaimedAction[]; ended: Ended[] }> {
  return db().$transaction(async (tx) => {
    const abandoned = await abandonExhaustedActions(tx, hostId);
    const abandonedServers = abandoned.map((action) => action.serverId);
    const lease = randomUUID();
    const claimed = await tx.$queryRaw<{ id: string }[]>`
      WITH candidates AS (
        SELECT a.id FROM actions a
        WHERE a.host_id = ${hostId}::uuid
          AND (a.status = 'queued' OR (a.status = 'running' AND a.lease_until < now()))
          AND a.attempts < a.max_attempts
          AND NOT EXISTS (
            SELECT 1 FROM actions older
            WHERE older.server_id = a.server_id AND older.status IN ('queued', 'running') AND older.created_at < a.created_at)
        ORDER BY a.created_at
        LIMIT ${max}
        FOR UPDATE SKIP LOCKED)
      UPDATE actions
      SET status = 'running', attempts = actions.attempts + 1, lease_owner = ${lease},
          lease_until = now() + make_interval(secs => ${LEASE_MS / 1000}::double precision),
          heartbeat_at = now(), started_at = COALESCE(actions.started_at, now())
      FROM candidates WHERE actions.id = candidates.id
      RETURNING actions.id`;
    if (claimed.length === 0 && abandoned.length === 0) return { handedOut: [], ended: [] };

    // The desired state is read under the servers' row locks (always taken after the actions', and
    // all at once in the order of their ids as an agent's report takes them, so never in the opposite
    // order to anyone else): a change committed before this point is handed out, and one arriving
    // after it finds the action running and queues its own follow-up.
    const ids = claimed.map((row) => row.id);
    await tx.$executeRaw`
      SELECT 1 FROM servers WHERE id = ANY(${abandonedServers}::uuid[]) OR id IN (SELECT server_id FROM actions WHERE id = ANY(${ids}::uuid[]))
      ORDER BY id FOR UPDATE`;
    await tx.server.updateMany({ where: { id: { in: abandonedServers } }, data: { status: "unknown" } });
    const actions = await tx.action.findMany({
      where: { id: { in: ids } },
      orderBy: { createdAt: "asc" },
      include: { steps: { orderBy: { position: "asc" } }, server: true },
    });
    const handedOut: ClaimedAction[] = [];
    const ended: Ended[] = [...abandoned];
    for (const action of actions) {
      const claimedAction = toClaimedAction(action, lease);
      if (!claimedAction) {
        ended.push(await refuseMalformed(tx, action));
        continue;
      }
      await tx.server.update({
        where: { id: action.serverId },
        data: { status: action.command === "reinstall" ? "reinstalling" : "restarting" },
      });
      // Recorded so that a request for the same value while this runs joins it (see queue/queue-apply-settings.ts).
      await tx.action.update({ where: { id: action.id }, data: { applyingBallooning: action.server.ballooningEnabled } });
      handedOut.push(claimedAction);
    }
    // Every action ends with its audit event, however it ends: the activity log and the operator's
    // count of endings read these, and completeAction writes the same event for an agent's ending.
    if (ended.length > 0) {
      await tx.auditEvent.createMany({
        data: ended.map((action) =>
          auditEvent("action.error", { serverId: action.serverId }, { actionId: action.id, command: action.command, error: { code: action.errorCode, message: action.errorMessage } }),
        ),
      });
    }
    return { handedOut, ended };
  });
}

type ActionRow = Prisma.ActionGetPayload<{ include: { steps: true; server: true } }>;

/** The action as an agent receives it; null when its params or steps do not fit its command. */
function toClaimedAction(action: ActionRow, lease: string): ClaimedAction | null {
  const parsed = parseParams(action.command, action.params);
  if (!parsed) return null;
  const common = {
    id: action.id,
    attempt: action.attempts,
    lease: { id: lease, expiresAt: (action.leaseUntil ?? new Date()).toISOString(), ttlMs: LEASE_MS },
    server: {
      id: action.server.id,
      name: action.server.name,
      domainName: action.server.domainName,
      virtualization: action.server.virtualization,
      memoryMiB: action.server.memoryMiB,
      vcpus: action.server.vcpus,
      image: action.server.image,
    },
    desired: { ballooning: action.server.ballooningEnabled },
  };
  switch (parsed.command) {
    case "apply_settings": {
      const steps = claimedSteps(parsed.command, action.steps);
      return steps && { ...common, ...parsed, steps };
    }
    case "restart": {
      const steps = claimedSteps(parsed.command, action.steps);
      return steps && { ...common, ...parsed, steps };
    }
    case "reinstall": {
      const steps = claimedSteps(parsed.command, action.steps);
      return steps && { ...common, ...parsed, steps };
    }
  }
}

function claimedSteps<C extends CommandName>(command: C, rows: { name: string; status: StepStatus; data: Prisma.JsonValue }[]): ClaimedStep<C>[] | null {
  const steps: ClaimedStep<C>[] = [];
  for (const row of rows) {
    if (!isStepOf(command, row.name)) return null;
    // The data was checked when the agent reported it; checked again as the contract's JSON.
    const data = z.safeParse(z.nullable(stepDataSchema), row.data);
    if (!data.success) return null;
    steps.push({ name: row.name, status: row.status, data: data.data });
  }
  return steps;
}



/** An action that does not fit its command (edited by hand in the database) ends at once, before any host work. */
async function refuseMalformed(tx: Prisma.TransactionClient, action: { id: string; serverId: string; command: CommandName }): Promise<Ended> {
  const errorCode = "invalid_params";
  const errorMessage = "This action could not be started: its settings are not valid. Nothing was changed on your server.";
  await tx.action.update({
    where: { id: action.id },
    data: {
      status: "error",
      finishedAt: new Date(),
      leaseOwner: null,
      leaseUntil: null,
      errorCode,
      errorMsg: errorMessage,
      errorDetail: `The stored params or steps do not fit the ${action.command} command.`,
    },
  });
  await tx.actionStep.updateMany({ where: { actionId: action.id, status: { in: ["pending", "running"] } }, data: { status: "skipped" } });
  return { id: action.id, serverId: action.serverId, command: action.command, errorCode, errorMessage };
}

/** Ends, with an honest error, the actions whose agent vanished on every attempt; their servers' state is now unknown. */
async function abandonExhaustedActions(tx: Prisma.TransactionClient, hostId: string): Promise<Ended[]> {
  const abandoned = await tx.$queryRaw<{ id: string; server_id: string; command: CommandName; error_message: string }[]>`
    UPDATE actions
    SET status = 'error', error_code = 'agent_lost', finished_at = now(), lease_owner = NULL, lease_until = NULL,
        error_message = 'The host agent stopped responding while running this action (' || attempts || ' attempts). It was not tried again; '
          || CASE WHEN command = 'reinstall'
               THEN 'the server may be part-way through its move to KVM: please contact support before trying again.'
               ELSE 'check the server and restart it if needed.' END
    WHERE host_id = ${hostId}::uuid AND status = 'running' AND lease_until < now() AND attempts >= max_attempts
    RETURNING id, server_id, command::text AS command, error_message`;
  for (const action of abandoned) {
    await tx.actionStep.updateMany({ where: { actionId: action.id, status: "running" }, data: { status: "error", finishedAt: new Date() } });
    await tx.actionStep.updateMany({ where: { actionId: action.id, status: "pending" }, data: { status: "skipped" } });
  }
  return abandoned.map((action) => ({ id: action.id, serverId: action.server_id, command: action.command, errorCode: "agent_lost", errorMessage: action.error_message }));
}
