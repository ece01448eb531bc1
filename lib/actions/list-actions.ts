import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { getServer } from "@/lib/servers/get-server.ts";
import { toActionView, actionViewInclude } from "./action-view.ts";

/** The server's actions, newest first (the most recent 50). */
export async function listActions({ actor, serverId }: { actor: Actor; serverId: string }) {
  const server = await getServer({ actor, serverId });
  const actions = await db().action.findMany({ where: { serverId: server.id }, orderBy: { createdAt: "desc" }, take: 50, include: actionViewInclude });
  return actions.map((action) => toActionView(action));
}
