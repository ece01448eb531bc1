import type { Server } from "@/lib/db/generated/client.ts";
import { activeActions, assertNoReinstall, createAction, RESTARTING_COMMANDS, type Tx } from "./active-actions.ts";

/**
 * An apply_settings action for the server's desired state (API "Requests coalesce"). It joins an
 * action already queued (which reads the desired state when it runs) or a running one that is
 * applying exactly this value; otherwise it queues one: a single follow-up behind a running action.
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
