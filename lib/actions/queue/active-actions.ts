import type { Prisma } from "@/lib/db/client.ts";
import type { Server } from "@/lib/db/generated/client.ts";
import { auditEvent } from "@/lib/audit/audit-event.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { logAction } from "../action-log.ts";
import { actionViewInclude, type ActionWithSteps } from "../action-view.ts";
import { COMMANDS, stepRows, type CommandName, type CommandParams } from "../commands/index.ts";
import { notifyHost } from "../notify.ts";

// What the queue rules (queue-*.ts) share. Callers hold the server's row lock, so requests for one
// server are decided one at a time and 50 simultaneous requests still produce one action.

export type Tx = Prisma.TransactionClient;

/** Commands that end in a restart: a settings change and a restart join or refuse each other. */
export const RESTARTING_COMMANDS: CommandName[] = ["apply_settings", "restart"];

export function activeActions(tx: Tx, serverId: string): Promise<ActionWithSteps[]> {
  return tx.action.findMany({
    where: { serverId, status: { in: ["queued", "running"] } },
    orderBy: { createdAt: "asc" },
    include: actionViewInclude,
  });
}

export async function createAction<C extends CommandName>(
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
  // Logged as the transaction's last write: should its commit fail, the request's line says so.
  logAction(action, "queued", `queued for server ${server.id}`, { hostId: server.hostId, requestedBy });
  return action;
}

/** Nothing else is queued for a server while it is reinstalled: the reinstall replaces its domain. */
export function assertNoReinstall(active: ActionWithSteps[]): void {
  const reinstall = active.find((action) => action.command === "reinstall");
  if (reinstall) {
    throw new DomainError("reinstall_in_progress", "The server is being reinstalled; wait for the reinstall to finish.", { actionId: reinstall.id });
  }
}
