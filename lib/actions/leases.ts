import type { Prisma } from "@/lib/db/client.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import { isUuid } from "@/lib/ids.ts";

// An agent holds a running action under a lease: an id handed out at claim time and a deadline it
// renews by reporting progress, always set on the database's clock (app instances' clocks may
// differ). When the deadline passes, another agent may claim the action again; the first agent's
// later reports are then refused (409), so a lost agent can never overwrite a resumed action.

/** How long a claim or a heartbeat holds an action; ACTION_LEASE_MS shortens it for fault drills. */
export const LEASE_MS = Number(process.env.ACTION_LEASE_MS) > 0 ? Number(process.env.ACTION_LEASE_MS) : 30_000;

/** The action, row-locked, if it belongs to this host; a foreign or unknown id is "not found". */
export async function lockHostAction(tx: Prisma.TransactionClient, hostId: string, actionId: string) {
  if (!isUuid(actionId)) throw actionNotFound();
  await tx.$executeRaw`SELECT 1 FROM actions WHERE id = ${actionId}::uuid FOR UPDATE`;
  const action = await tx.action.findUnique({ where: { id: actionId }, include: { steps: true } });
  if (!action || action.hostId !== hostId) throw actionNotFound();
  return action;
}

export function assertLeaseHolder(action: { status: string; leaseOwner: string | null }, lease: string): void {
  if (action.status !== "running" || action.leaseOwner !== lease) {
    throw new DomainError("lease_lost", "This agent no longer holds the action's lease; another agent has taken it over or it has ended.", {
      status: action.status,
    });
  }
}

export const actionNotFound = () => notFound("action_not_found");
