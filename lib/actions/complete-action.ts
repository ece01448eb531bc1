import { db, type Prisma } from "@/lib/db/client.ts";
import { applyObservation, type Observation } from "@/lib/hosts/observation.ts";
import { toActionView, withSteps, type ActionView } from "./action-view.ts";
import { assertLeaseHolder, lockHostAction } from "./leases.ts";

export type Completion = {
  hostId: string;
  actionId: string;
  lease: string;
  status: "success" | "error";
  error?: { code: string; message: string };
  /** The domain as the agent left it, so the server shows the truth at once. */
  observed?: Observation;
  /** Extra work a successful action finishes in the database (the reinstall's switch to KVM). */
  onSuccess?: (tx: Prisma.TransactionClient, serverId: string) => Promise<void>;
};

/** Ends an action. Idempotent: completing a finished action again changes nothing and answers it. */
export async function completeAction({ hostId, actionId, lease, status, error, observed, onSuccess }: Completion): Promise<ActionView> {
  return db().$transaction(async (tx) => {
    const action = await lockHostAction(tx, hostId, actionId);
    if (action.status === "success" || action.status === "error") {
      return toActionView(await tx.action.findUniqueOrThrow({ where: { id: action.id }, include: withSteps }));
    }
    assertLeaseHolder(action, lease);
    const now = new Date();
    await tx.actionStep.updateMany({
      where: { actionId: action.id, status: { in: ["pending", "running"] } },
      data: status === "success" ? { status: "skipped", finishedAt: now } : { status: "skipped" },
    });
    if (status === "error") {
      const failing = action.steps.find((step) => step.status === "running");
      if (failing) await tx.actionStep.update({ where: { id: failing.id }, data: { status: "error", finishedAt: now } });
    }
    if (status === "success" && onSuccess) await onSuccess(tx, action.serverId);
    if (observed) await applyObservation(tx, action.serverId, observed, { at: now });
    else await tx.server.update({ where: { id: action.serverId }, data: { status: "unknown" } });

    const finished = await tx.action.update({
      where: { id: action.id },
      data: {
        status,
        progress: status === "success" ? 100 : action.progress,
        finishedAt: now,
        leaseOwner: null,
        leaseUntil: null,
        errorCode: status === "error" ? (error?.code ?? "failed") : null,
        errorMsg: status === "error" ? (error?.message ?? "The action failed on the host.") : null,
      },
      include: withSteps,
    });
    await tx.auditEvent.create({
      data: { serverId: action.serverId, kind: `action.${status}`, data: { actionId: action.id, command: action.command, error: error ?? null } },
    });
    return toActionView(finished);
  });
}
