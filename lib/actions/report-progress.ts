import { db, type Prisma } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { StepStatus } from "@/lib/db/generated/enums.ts";
import { logAction } from "./action-log.ts";
import { isStepOf } from "./commands/index.ts";
import { assertLeaseHolder, LEASE_MS, lockHostAction } from "./leases.ts";

const FINISHED: StepStatus[] = ["done", "skipped", "error"];

export type ProgressReport = {
  hostId: string;
  actionId: string;
  lease: string;
  step?: string;
  status?: StepStatus;
  progress?: number;
  /** What the step records before acting, for a later attempt or an undo. The first record stays. */
  data?: Prisma.InputJsonObject;
};

/**
 * Records a step's progress and renews the lease. A report without a step is a heartbeat. Progress
 * never goes backwards, so a late or repeated report cannot undo a newer one; a step's recorded data
 * is never replaced, so it always describes the server as it was before the step first acted.
 */
export async function reportProgress({ hostId, actionId, lease, step, status, progress, data }: ProgressReport): Promise<void> {
  const action = await db().$transaction(async (tx) => {
    const action = await lockHostAction(tx, hostId, actionId);
    assertLeaseHolder(action, lease);
    const now = new Date();
    if (step !== undefined) {
      const row = isStepOf(action.command, step) ? action.steps.find((candidate) => candidate.name === step) : undefined;
      if (!row) throw new DomainError("unknown_step", `Unknown step "${step}" for a ${action.command} action`, { field: "step" });
      const next = status ?? "running";
      await tx.actionStep.update({
        where: { id: row.id },
        data: {
          status: next,
          ...(next === "running" ? { startedAt: row.status === "running" ? (row.startedAt ?? now) : now, finishedAt: null } : {}),
          ...(FINISHED.includes(next) ? { finishedAt: now, startedAt: row.startedAt ?? now } : {}),
          ...(data !== undefined && row.data === null ? { data } : {}),
        },
      });
    } else if (data !== undefined) {
      throw new DomainError("invalid_step_data", "Data is recorded for a step: name the step", { field: "step" });
    }
    // The lease runs on the database's clock, as the claim set it: app instances' clocks may differ.
    await tx.$executeRaw`
      UPDATE actions
      SET lease_until = now() + make_interval(secs => ${LEASE_MS / 1000}::double precision), heartbeat_at = now(),
          progress = GREATEST(progress, ${Math.min(100, progress ?? 0)})
      WHERE id = ${action.id}::uuid`;
    return action;
  });
  const ended = status === "done" || status === "skipped" || status === "error" ? STEP_OUTCOME[status] : undefined;
  if (step !== undefined && ended) logAction(action, ended, `${step} ${status}`, { hostId, step });
}

const STEP_OUTCOME = { done: "step_done", skipped: "step_skipped", error: "step_failed" } as const;
