import { auditEvent } from "@/lib/audit/audit-event.ts";
import type { Prisma } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { formatMiB } from "@/lib/format.ts";
import { hostMemoryLedger, type MemoryLedger } from "./memory-ledger.ts";

// Guaranteed memory is admitted, not just promised: a KVM server whose ballooning is disabled
// reserves its whole plan on its host, and a host reserves no more than its physical memory minus
// its headroom. A host that has not reported its memory cannot guarantee anything.

type Reason = "host_full" | "host_memory_unknown";

/**
 * Whether `server` (a KVM server whose desired ballooning is still on) may reserve its plan. Decided
 * under its host's row lock, so two servers of one host are admitted one after the other and never
 * both take the last room. The caller holds the server's row lock already: servers are locked before
 * their host, in that order everywhere (a host agent's report locks its servers, then updates its
 * host), so no two transactions can wait on each other. FOR NO KEY UPDATE, not FOR UPDATE: actions
 * inserted for the host's other servers meanwhile check their foreign key (FOR KEY SHARE) unhindered.
 *
 * Null when admitted. A refusal is returned with its audit record written in `tx`: the caller
 * commits that record and nothing else, then throws the refusal.
 */
export async function admitGuaranteedMemory(
  tx: Prisma.TransactionClient,
  { server, actorId }: { server: { id: string; hostId: string; memoryMiB: number }; actorId: string },
): Promise<DomainError | null> {
  await tx.$executeRaw`SELECT 1 FROM hosts WHERE id = ${server.hostId}::uuid FOR NO KEY UPDATE`;
  const ledger = await hostMemoryLedger(server.hostId, tx);
  if (!ledger) throw new Error(`host ${server.hostId} of server ${server.id} does not exist`);
  const reason = refusalReason(ledger, server.memoryMiB);
  if (!reason) return null;

  const { reservedMiB, capacityMiB, physicalMiB, headroomMiB } = ledger;
  await tx.auditEvent.create({
    data: auditEvent(
      "server.guaranteed_memory_refused",
      { actorId, serverId: server.id },
      { hostId: server.hostId, reason, requestedMiB: server.memoryMiB, reservedMiB, capacityMiB, physicalMiB, headroomMiB },
    ),
  });
  // The customer learns what is left on the host, not the node's size or its other servers' plans.
  const details = { reason, requestedMiB: server.memoryMiB, availableMiB: ledger.availableMiB === null ? null : Math.max(0, ledger.availableMiB) };
  return new DomainError("guaranteed_memory_unavailable", REFUSALS[reason](server.memoryMiB), details);
}

function refusalReason(ledger: MemoryLedger, requestedMiB: number): Reason | null {
  if (ledger.capacityMiB === null) return "host_memory_unknown";
  return ledger.reservedMiB + requestedMiB > ledger.capacityMiB ? "host_full" : null;
}

const REFUSALS: Record<Reason, (requestedMiB: number) => string> = {
  host_full: (requestedMiB) =>
    `This server's host has no room left to guarantee its full ${formatMiB(requestedMiB)} of memory. ` +
    "Keep ballooning on, or contact support to move the server to a host with room.",
  host_memory_unknown: () =>
    "This server's host has not reported its memory yet, so it cannot guarantee memory to any server. " +
    "Try again in a few minutes, or contact support if this persists.",
};
