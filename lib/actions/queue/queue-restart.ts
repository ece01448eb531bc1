import type { Server } from "@/lib/db/generated/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { RestartMode } from "../commands/restart.ts";
import { activeActions, assertNoReinstall, createAction, RESTARTING_COMMANDS, type Tx } from "./active-actions.ts";

/** A restart, unless one (or a settings change, which restarts too) is already queued or running. */
export async function queueRestart(tx: Tx, { server, mode, requestedBy }: { server: Server; mode: RestartMode; requestedBy: string }) {
  const active = await activeActions(tx, server.id);
  assertNoReinstall(active);
  const pending = active.find((action) => RESTARTING_COMMANDS.includes(action.command));
  if (pending) {
    const what = pending.command === "restart" ? "A restart" : "A settings change with restart";
    throw new DomainError("action_in_progress", `${what} is already ${pending.status} for this server.`, { actionId: pending.id });
  }
  return createAction(tx, { server, command: "restart", params: { mode }, requestedBy });
}
