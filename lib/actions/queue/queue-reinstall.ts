import type { Server } from "@/lib/db/generated/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { CommandParams } from "@/lib/actions/commands/index.ts";
import { activeActions, createAction, type Tx } from "./active-actions.ts";

/** A reinstall waits for nothing: it is queued only when no other action is queued or running. */
export async function queueReinstall(tx: Tx, { server, params, requestedBy }: { server: Server; params: CommandParams<"reinstall">; requestedBy: string }) {
  const [active] = await activeActions(tx, server.id);
  if (active) {
    throw new DomainError("action_in_progress", "Another action is still in progress for this server; wait for it to finish.", { actionId: active.id });
  }
  return createAction(tx, { server, command: "reinstall", params, requestedBy });
}
