import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { queueRestart } from "@/lib/actions/queue/queue-restart.ts";
import type { ActionView } from "@/lib/contracts/actions.ts";
import { toActionView } from "@/lib/actions/action-view.ts";
import { lockServerForActor, SERVER_TRANSACTION } from "./lock-server.ts";

/** Queues a cold restart, which also applies pending settings. "force" skips the clean shutdown. */
export async function restartServer({
  actor,
  serverId,
  mode = "graceful",
}: {
  actor: Actor;
  serverId: string;
  mode?: "graceful" | "force";
}): Promise<ActionView> {
  return db().$transaction(async (tx) => {
    const server = await lockServerForActor(tx, actor, serverId);
    return toActionView(await queueRestart(tx, { server, mode, requestedBy: actor.userId }));
  }, SERVER_TRANSACTION);
}
