import type { ActionView } from "@/lib/contracts/actions.ts";
import type { Action, ActionStep } from "@/lib/db/generated/client.ts";
import { isStepOf } from "./commands/index.ts";
import { LEASE_MS } from "./leases.ts";

export type ActionWithSteps = Action & { steps: ActionStep[]; host: { lastSeenAt: Date | null } };

export const actionViewInclude = { steps: { orderBy: { position: "asc" } }, host: { select: { lastSeenAt: true } } } as const;

/** A running action's agent reports every quarter of a lease: silence for half a lease means at least one report was missed. */
const RUNNING_SILENCE_MS = LEASE_MS / 2;
/** Agents report their domains every ten seconds: a queued action's host silent for a minute has no agent working. */
const QUEUED_SILENCE_MS = 60_000;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Since when the host has been silent, if that silence holds the action up. */
export function hostUnresponsiveSince(action: ActionWithSteps, now = Date.now()): Date | null {
  if (action.status === "running") {
    const heard = action.heartbeatAt ?? action.startedAt;
    return heard && now - heard.getTime() > RUNNING_SILENCE_MS ? heard : null;
  }
  if (action.status === "queued") {
    const heard = action.host.lastSeenAt ?? action.createdAt;
    return now - heard.getTime() > QUEUED_SILENCE_MS ? heard : null;
  }
  return null;
}

export function toActionView(action: ActionWithSteps, now = Date.now()): ActionView {
  return {
    id: action.id,
    serverId: action.serverId,
    command: action.command,
    status: action.status,
    progress: action.progress,
    steps: [...action.steps]
      .sort((a, b) => a.position - b.position)
      // Every row is one of the command's steps (stepRows wrote them); the guard only narrows the type.
      .flatMap((step) =>
        isStepOf(action.command, step.name) ? [{ name: step.name, status: step.status, startedAt: iso(step.startedAt), finishedAt: iso(step.finishedAt) }] : [],
      ),
    error: action.errorCode ? { code: action.errorCode, message: action.errorMsg ?? "" } : null,
    createdAt: action.createdAt.toISOString(),
    startedAt: iso(action.startedAt),
    finishedAt: iso(action.finishedAt),
    hostUnresponsiveSince: iso(hostUnresponsiveSince(action, now)),
  };
}
