import { auditEvent } from "@/lib/audit/audit-event.ts";
import { db, type Prisma } from "@/lib/db/client.ts";
import type { Completion } from "@/lib/actions/complete-action.ts";
import { isUuid } from "@/lib/ids.ts";
import { kvmDomainNameFor } from "@/lib/images/catalogue.ts";

// The database half of a reinstall's last step: once the host agent reports success, the server
// record points at the new KVM domain, runs the chosen image and balloons (the default on KVM).

/** Switches an LXC server's record to its KVM domain. Does nothing to a server already on KVM. */
export async function switchServerToKvm(tx: Prisma.TransactionClient, serverId: string, image: string): Promise<void> {
  const server = await tx.server.findUniqueOrThrow({ where: { id: serverId } });
  if (server.virtualization === "kvm") return;
  const domainName = kvmDomainNameFor(server.domainName);
  await tx.server.update({
    where: { id: server.id },
    data: {
      virtualization: "kvm",
      domainName,
      image,
      ballooningEnabled: true,
      observedBalloon: "virtio",
      observedNextBalloon: "virtio",
      ranWithBalloon: "virtio",
      // The new domain is observed by the completion that comes with this switch, at the agent's time.
      observedAt: null,
      stateObservedAt: null,
      status: "running",
    },
  });
  await tx.auditEvent.create({ data: auditEvent("server.switched_to_kvm", { serverId: server.id }, { from: server.domainName, to: domainName, image }) });
}

/**
 * What completing this action must also do when it succeeds: for a reinstall, the switch to KVM;
 * for anything else (or an unknown id, which completeAction refuses) nothing. An action's command
 * and image never change once queued, so reading them before completeAction locks it is safe.
 */
export async function reinstallCompletion(actionId: string): Promise<Completion["onSuccess"]> {
  if (!isUuid(actionId)) return undefined;
  const action = await db().action.findUnique({ where: { id: actionId }, select: { command: true, params: true } });
  if (action?.command !== "reinstall") return undefined;
  const image = imageParam(action.params);
  return async (tx, serverId) => {
    const current = image ?? (await tx.server.findUniqueOrThrow({ where: { id: serverId }, select: { image: true } })).image;
    await switchServerToKvm(tx, serverId, current);
  };
}

function imageParam(params: Prisma.JsonValue): string | undefined {
  const value = params && typeof params === "object" && !Array.isArray(params) ? params.image : undefined;
  return typeof value === "string" ? value : undefined;
}
