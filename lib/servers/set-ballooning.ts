import { auditEvent } from "@/lib/audit/audit-event.ts";
import { db } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { activeActions, assertNoReinstall } from "@/lib/actions/queue/active-actions.ts";
import { queueApplySettings } from "@/lib/actions/queue/queue-apply-settings.ts";
import type { ActionView } from "@/lib/contracts/actions.ts";
import { toActionView } from "@/lib/actions/action-view.ts";
import { admitGuaranteedMemory } from "@/lib/hosts/admit-guaranteed-memory.ts";
import { lockServerForActor, SERVER_TRANSACTION } from "./lock-server.ts";
import type { ServerView } from "@/lib/contracts/servers.ts";
import { toServerView } from "./server-view.ts";

export type SetBallooningResult = { server: ServerView; action: ActionView | null };

/**
 * Records the customer's ballooning choice, with an audit event and (restart "now") the action that
 * applies it, all in one transaction: either everything is written or nothing is. Disabling it
 * reserves the server's whole plan on its host, and is refused when the host has no room to guarantee
 * it (lib/hosts/admit-guaranteed-memory.ts); enabling it frees the reservation and is always allowed.
 */
export async function setBallooning({
  actor,
  serverId,
  enabled,
  restart = "now",
}: {
  actor: Actor;
  serverId: string;
  enabled: boolean;
  restart?: "now" | "later";
}): Promise<SetBallooningResult> {
  const outcome = await db().$transaction(async (tx): Promise<SetBallooningResult | DomainError> => {
    let server = await lockServerForActor(tx, actor, serverId);
    if (server.virtualization !== "kvm") {
      // Only LXC servers are reinstalled (onto KVM): one that is being reinstalled needs to wait, not to be told to reinstall.
      assertNoReinstall(await activeActions(tx, server.id));
      throw new DomainError(
        "ballooning_unsupported",
        "This server runs on LXC, which has no memory ballooning. Reinstall it on KVM to control ballooning.",
        { virtualization: server.virtualization },
      );
    }
    const alreadyApplied = server.ballooningEnabled === enabled && toServerView(server).ballooning.applied === enabled;
    if (alreadyApplied) return { server: toServerView(server), action: null };

    if (server.ballooningEnabled !== enabled) {
      if (!enabled) {
        // Locks the host's row after the server's: servers before their host, everywhere.
        const refusal = await admitGuaranteedMemory(tx, { server, actorId: actor.userId });
        if (refusal) return refusal;
      }
      server = await tx.server.update({ where: { id: server.id }, data: { ballooningEnabled: enabled } });
      await tx.auditEvent.create({ data: auditEvent("server.ballooning_changed", { actorId: actor.userId, serverId: server.id }, { enabled, restart }) });
    }
    if (restart === "later") return { server: toServerView(server), action: null };

    const action = await queueApplySettings(tx, { server, requestedBy: actor.userId });
    return { server: toServerView(server), action: toActionView(action) };
  }, SERVER_TRANSACTION);
  // A refusal commits its audit record, and nothing else, before the customer hears of it.
  if (outcome instanceof DomainError) throw outcome;
  return outcome;
}
