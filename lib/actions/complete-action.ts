import { auditEvent } from "@/lib/audit/audit-event.ts";
import { db, type Prisma } from "@/lib/db/client.ts";
import type { ActionFailure, Observation } from "@/lib/contracts/provider.ts";
import { applyObservation } from "@/lib/hosts/observation.ts";
import type { ActionView } from "@/lib/contracts/actions.ts";
import { logAction } from "./action-log.ts";
import { toActionView, actionViewInclude } from "./action-view.ts";
import { assertLeaseHolder, lockHostAction } from "./leases.ts";

export type Completion = {
  hostId: string;
  actionId: string;
  lease: string;
  status: "success" | "error";
  error?: ActionFailure;
  /** The domain as the agent left it, so the server shows the truth at once. */
  observed?: Observation;
  /** Extra work a successful action finishes in the database (the reinstall's switch to KVM). */
  onSuccess?: (tx: Prisma.TransactionClient, serverId: string) => Promise<void>;
};

/** Ends an action. Idempotent: completing a finished action again changes nothing and answers it. */
export async function completeAction({ hostId, actionId, lease, status, error, observed, onSuccess }: Completion): Promise<ActionView> {
  const { view, endedNow } = await db().$transaction(async (tx) => {
    const action = await lockHostAction(tx, hostId, actionId);
    if (action.status === "success" || action.status === "error") {
      return { view: toActionView(await tx.action.findUniqueOrThrow({ where: { id: action.id }, include: actionViewInclude })), endedNow: false };
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
    if (observed) await applyObservation(tx, action.serverId, observed, { receivedAt: now, actionEnded: true });
    else await tx.server.update({ where: { id: action.serverId }, data: { status: "unknown" } });

    const failure = status === "error" ? { code: error?.code ?? "failed", message: error?.message ?? "The action failed on the host." } : null;
    const finished = await tx.action.update({
      where: { id: action.id },
      data: {
        status,
        progress: status === "success" ? 100 : action.progress,
        finishedAt: now,
        leaseOwner: null,
        leaseUntil: null,
        errorCode: failure?.code ?? null,
        errorMsg: failure?.message ?? null,
        errorDetail: status === "error" ? (error?.detail ?? null) : null,
      },
      include: actionViewInclude,
    });
    const fields = { serverId: action.serverId };
    const about = { actionId: action.id, command: action.command };
    await tx.auditEvent.create({
      data: failure ? auditEvent("action.error", fields, { ...about, error: failure }) : auditEvent("action.success", fields, { ...about, error: null }),
    });
    return { view: toActionView(finished), endedNow: true };
  });
  if (endedNow) {
    const action = { id: view.id, serverId: view.serverId, command: view.command };
    if (view.status === "error") logAction(action, "error", `ended in error (${view.error?.code ?? "failed"})`, { hostId, errorCode: view.error?.code ?? "failed" });
    else logAction(action, "success", "succeeded", { hostId });
  }
  return view;
}
