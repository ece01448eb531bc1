import { auditEvent } from "@/lib/audit/audit-event.ts";
import { db, type Prisma } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { queueReinstall } from "@/lib/actions/queue/queue-reinstall.ts";
import type { ActionView } from "@/lib/contracts/actions.ts";
import { toActionView } from "@/lib/actions/action-view.ts";
import { findImage, kvmDomainNameFor } from "@/lib/images/catalogue.ts";
import { imagesOnHost } from "@/lib/images/images-on-host.ts";
import { firstBootLoginFor, hostnameFor, type LoginChoice } from "./first-boot-login.ts";
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
  login: choice = { method: "generated_password" },
}: {
  actor: Actor;
  serverId: string;
  image: string;
  confirmName: string;
  login?: LoginChoice;
}): Promise<{ action: ActionView; rootPassword?: string }> {
  // Checked before the transaction: a key is parsed, a password hashed, neither under the server's lock.
  const { login, rootPassword } = firstBootLoginFor(choice);
  const action = await db().$transaction(async (tx) => {
    const server = await lockServerForActor(tx, actor, serverId);
    const offered = await imagesForReinstall(server, tx);
    if (!offered.some((known) => known.id === image)) {
      const choices = offered.map((known) => known.id);
      const message = findImage(image)
        ? `The image ${image} is not available on your server's host${choices.length ? `; choose one of ${choices.join(", ")}` : ""}.`
        : `Unknown image${choices.length ? `; choose one of ${choices.join(", ")}` : ""}.`;
      throw new DomainError("unknown_image", message, { field: "image", choices });
    }
    if (confirmName !== server.name) throw new DomainError("confirmation_mismatch", "The name you typed does not match the server's name.", { field: "confirmName" });
    if (server.virtualization === "kvm") throw new DomainError("already_on_kvm", "This server already runs on KVM; there is nothing to reinstall it onto.");

    const kvmDomain = kvmDomainOf(server.domainName);
    const clash = await tx.server.findFirst({ where: { hostId: server.hostId, domainName: kvmDomain }, select: { id: true } });
    if (clash) throw new DomainError("kvm_name_taken", "The new KVM server's name is already taken on this host; please contact support.");

    const params = { image, hostname: hostnameFor(server.name), ...(server.diskGiB ? { diskGiB: server.diskGiB } : {}), login };
    const action = await queueReinstall(tx, { server, params, requestedBy: actor.userId });
    // How the customer logs in stays out of the audit trail: only that a key or a password was chosen.
    await tx.auditEvent.create({
      data: auditEvent("server.reinstall_requested", { actorId: actor.userId, serverId: server.id }, { actionId: action.id, image, kvmDomain, login: choice.method }),
    });
    return toActionView(action);
  }, SERVER_TRANSACTION);
  return rootPassword ? { action, rootPassword } : { action };
}

function kvmDomainOf(lxcDomainName: string): string {
  try {
    return kvmDomainNameFor(lxcDomainName);
  } catch {
    throw new DomainError("kvm_name_taken", "This server's container name cannot be carried over to KVM; please contact support.");
  }
}

/** The images the server can be reinstalled with: those whose base volume its node has (hosts.image_volumes). */
export async function imagesForReinstall(server: { hostId: string }, tx: Prisma.TransactionClient = db()): Promise<{ id: string; name: string }[]> {
  const host = await tx.host.findUnique({ where: { id: server.hostId }, select: { imageVolumes: true } });
  return imagesOnHost(host?.imageVolumes);
}
