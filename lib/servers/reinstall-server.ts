import { auditEvent } from "@/lib/audit/audit-event.ts";
import { db } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { queueReinstall } from "@/lib/actions/queue/queue-reinstall.ts";
import type { ActionView } from "@/lib/contracts/actions.ts";
import { toActionView } from "@/lib/actions/action-view.ts";
import { findImage, kvmDomainNameFor, listImages } from "@/lib/images/catalogue.ts";
import { lockServerForActor, SERVER_TRANSACTION } from "./lock-server.ts";

// The name lives with the catalogue, which the host agent imports without the database.
export { kvmDomainNameFor } from "@/lib/images/catalogue.ts";

/**
 * Queues the reinstall of an LXC server onto KVM with the chosen image (which wipes its data), once
 * the customer has typed the server's name. Refused requests change nothing: no action, no audit.
 */
export async function reinstallServer({
  actor,
  serverId,
  image,
  confirmName,
}: {
  actor: Actor;
  serverId: string;
  image: string;
  confirmName: string;
}): Promise<ActionView> {
  return db().$transaction(async (tx) => {
    const server = await lockServerForActor(tx, actor, serverId);
    if (!findImage(image)) {
      const choices = listImages().map((known) => known.id);
      throw new DomainError("unknown_image", `Unknown image; choose one of ${choices.join(", ")}`, { field: "image", choices });
    }
    if (confirmName !== server.name) throw new DomainError("confirmation_mismatch", "The name you typed does not match the server's name.", { field: "confirmName" });
    if (server.virtualization === "kvm") throw new DomainError("already_on_kvm", "This server already runs on KVM; there is nothing to reinstall it onto.");

    const kvmDomain = kvmDomainOf(server.domainName);
    const clash = await tx.server.findFirst({ where: { hostId: server.hostId, domainName: kvmDomain }, select: { id: true } });
    if (clash) throw new DomainError("kvm_name_taken", "The new KVM server's name is already taken on this host; please contact support.");

    const action = await queueReinstall(tx, { server, image, requestedBy: actor.userId });
    await tx.auditEvent.create({
      data: auditEvent("server.reinstall_requested", { actorId: actor.userId, serverId: server.id }, { actionId: action.id, image, kvmDomain }),
    });
    return toActionView(action);
  }, SERVER_TRANSACTION);
}

function kvmDomainOf(lxcDomainName: string): string {
  try {
    return kvmDomainNameFor(lxcDomainName);
  } catch {
    throw new DomainError("kvm_name_taken", "This server's container name cannot be carried over to KVM; please contact support.");
  }
}
