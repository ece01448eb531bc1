import { db } from "@/lib/db/client.ts";
import { ApiError } from "@/lib/api/errors.ts";
import type { StepStatus } from "@/lib/db/generated/enums.ts";
import { assertLeaseHolder, leaseDeadline, lockHostAction } from "./leases.ts";

const FINISHED: StepStatus[] = ["done", "skipped", "error"];

/**
 * Records a step's progress and renews the lease. A report without a step is a heartbeat. Progress
 * never goes backwards, so a late or repeated report cannot undo a newer one.
 */
export async function reportProgress({
  hostId,
  actionId,
  lease,
  step,
  status,
  progress,
}: {
  hostId: string;
  actionId: string;
  lease: string;
  step?: string;
  status?: StepStatus;
  progress?: number;
}): Promise<void> {
  await db().$transaction(async (tx) => {
    const action = await lockHostAction(tx, hostId, actionId);
    assertLeaseHolder(action, lease);
    const now = new Date();
    if (step !== undefined) {
      const row = action.steps.find((candidate) => candidate.name === step);
      if (!row) throw new ApiError("invalid_input", `Unknown step "${step}" for a ${action.command} action`, { fields: [{ field: "step", message: "Unknown step" }] });
      const next = status ?? "running";
      await tx.actionStep.update({
        where: { id: row.id },
        data: {
          status: next,
          ...(next === "running" ? { startedAt: now, finishedAt: null } : {}),
          ...(FINISHED.includes(next) ? { finishedAt: now, startedAt: row.startedAt ?? now } : {}),
        },
      });
    }
    await tx.action.update({
      where: { id: action.id },
      data: { leaseUntil: leaseDeadline(now.getTime()), progress: Math.max(action.progress, Math.min(100, progress ?? 0)) },
    });
  });
}
