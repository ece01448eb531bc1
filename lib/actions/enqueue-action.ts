import type { Prisma } from "@/lib/db/client.ts";
import type { Server } from "@/lib/db/generated/client.ts";
import { conflict } from "@/lib/api/errors.ts";
import { auditEvent } from "@/lib/audit/audit-event.ts";
import { actionViewInclude, type ActionWithSteps } from "./action-view.ts";
import { COMMANDS, stepRows, type CommandName, type CommandParams } from "./commands/index.ts";
import type { RestartMode } from "./commands/restart.ts";
import { notifyHost } from "./notify.ts";

// Queueing rules (API.md "Requests coalesce"). Callers hold the server's row lock, so requests for
// one server are decided one at a time and 50 simultaneous requests still produce one action.

type Tx = Prisma.TransactionClient;

const RESTARTING_COMMANDS: CommandName[] = ["apply_settings", "restart"];

export function activeActions(tx: Tx, serverId: string): Promise<ActionWithSteps[]> {
  return tx.action.findMany({
    where: { serverId, status: { in: ["queued", "running"] } },
    orderBy: { createdAt: "asc" },
    include: actionViewInclude,
  });
}

async function createAction<C extends CommandName>(
  tx: Tx,
  { server, command, params, requestedBy }: { server: Server; command: C; params: CommandParams<C>; requestedBy: string },
): Promise<ActionWithSteps> {
  // Checked here as well as by the route: an action that reaches the queue always fits its command.
  const checked: Prisma.InputJsonObject = COMMANDS[command].params.parse(params);
  const action = await tx.action.create({
    data: { serverId: server.id, hostId: server.hostId, command, params: checked, requestedBy, steps: { create: stepRows(command) } },
    include: actionViewInclude,
  });
  await tx.auditEvent.create({ data: auditEvent("action.queued", { actorId: requestedBy, serverId: server.id }, { actionId: action.id, command }) });
  await notifyHost(tx, server.hostId);
  return action;
}

/**
 * An apply_settings action for the server's desired state. It joins an action already queued (which
 * reads the desired state when it runs) or a running one that is applying exactly this value;
 * otherwise it queues one: a single follow-up behind a running action.
 */
export async function queueApplySettings(tx: Tx, { server, requestedBy }: { server: Server; requestedBy: string }) {
  const active = await activeActions(tx, server.id);
  assertNoReinstall(active);
  const restarting = active.filter((action) => RESTARTING_COMMANDS.includes(action.command));
  const queued = restarting.find((action) => action.status === "queued");
  if (queued) return queued;
  // The claim recorded which value it handed the agent (claim-actions.ts).
  const applyingThis = restarting.find((action) => action.status === "running" && action.applyingBallooning === server.ballooningEnabled);
  if (applyingThis) return applyingThis;
  return createAction(tx, { server, command: "apply_settings", params: {}, requestedBy });
}

/** A restart, unless one (or an apply, which restarts too) is already queued or running: then 409. */
export async function queueRestart(tx: Tx, { server, mode, requestedBy }: { server: Server; mode: RestartMode; requestedBy: string }) {
  const active = await activeActions(tx, server.id);
  assertNoReinstall(active);
  const pending = active.find((action) => RESTARTING_COMMANDS.includes(action.command));
  if (pending) {
    throw conflict(`A ${pending.command === "restart" ? "restart" : "settings change with restart"} is already ${pending.status} for this server.`, {
      actionId: pending.id,
    });
  }
  return createAction(tx, { server, command: "restart", params: { mode }, requestedBy });
}

export async function queueReinstall(tx: Tx, { server, image, requestedBy }: { server: Server; image: string; requestedBy: string }) {
  const active = await activeActions(tx, server.id);
  if (active[0]) throw conflict("Another action is still in progress for this server; wait for it to finish.", { actionId: active[0].id });
  return createAction(tx, { server, command: "reinstall", params: { image }, requestedBy });
}

function assertNoReinstall(active: ActionWithSteps[]): void {
  const reinstall = active.find((action) => action.command === "reinstall");
  if (reinstall) throw conflict("The server is being reinstalled; wait for the reinstall to finish.", { actionId: reinstall.id });
}
