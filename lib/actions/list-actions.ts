import { db } from "@/lib/db/client.ts";
import { notFound } from "@/lib/api/errors.ts";
import { isUuid } from "@/lib/api/validation.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { canViewServer } from "@/lib/auth/permissions.ts";
import { getServer } from "@/lib/servers/get-server.ts";
import { toActionView, actionViewInclude } from "./action-view.ts";

/** The server's actions, newest first (the most recent 50). */
export async function listActions({ actor, serverId }: { actor: Actor; serverId: string }) {
  const server = await getServer({ actor, serverId });
  const actions = await db().action.findMany({ where: { serverId: server.id }, orderBy: { createdAt: "desc" }, take: 50, include: actionViewInclude });
  return actions.map(toActionView);
}

/** One action, if it belongs to one of the actor's servers. */
export async function getAction({ actor, actionId }: { actor: Actor; actionId: string }) {
  if (!isUuid(actionId)) throw notFound("Action");
  const action = await db().action.findUnique({ where: { id: actionId }, include: { ...actionViewInclude, server: { select: { ownerId: true } } } });
  if (!action || !canViewServer(actor, action.server)) throw notFound("Action");
  return toActionView(action);
}
