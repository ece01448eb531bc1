import { appLog } from "@/lib/observability/logger.ts";

// The action queue's log lines, one per turn of an action's life as the dashboard records it: queued,
// claimed, each step's end, and its end. Each names the action, its server and command, and the
// outcome, so one query follows an action across every instance and agent (docs/observability.md).

export type ActionOutcome = "queued" | "claimed" | "step_done" | "step_skipped" | "step_failed" | "success" | "error";

type ActionRef = { id: string; serverId: string; command: string };

export function logAction(action: ActionRef, outcome: ActionOutcome, message: string, fields: Record<string, unknown> = {}): void {
  const failed = outcome === "error" || outcome === "step_failed";
  appLog()[failed ? "warn" : "info"]({ actionId: action.id, serverId: action.serverId, command: action.command, outcome, ...fields }, `${action.command} ${action.id} ${message}`);
}
