import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { canViewServer } from "@/lib/auth/permissions.ts";
import { isUuid } from "@/lib/ids.ts";
import { toActionView, actionViewInclude } from "./action-view.ts";
import { actionNotFound } from "./leases.ts";

/** One action, if it belongs to one of the actor's servers; anyone else's answers as a missing one. */
export async function getAction({ actor, actionId }: { actor: Actor; actionId: string }) {
  if (!isUuid(actionId)) throw actionNotFound();
  const action = await db().action.findUnique({ where: { id: actionId }, include: { ...actionViewInclude, server: { select: { ownerId: true } } } });
  if (!action || !canViewServer(actor, action.server)) throw actionNotFound();
  return toActionView(action);
}
