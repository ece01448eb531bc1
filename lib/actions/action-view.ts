import type { Action, ActionStep } from "@/lib/db/generated/client.ts";

/** The Action resource as API.md defines it. */
export type ActionView = {
  id: string;
  serverId: string;
  command: Action["command"];
  status: Action["status"];
  progress: number;
  steps: { name: string; status: ActionStep["status"]; startedAt: string | null; finishedAt: string | null }[];
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type ActionWithSteps = Action & { steps: ActionStep[] };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toActionView(action: ActionWithSteps): ActionView {
  return {
    id: action.id,
    serverId: action.serverId,
    command: action.command,
    status: action.status,
    progress: action.progress,
    steps: [...action.steps]
      .sort((a, b) => a.position - b.position)
      .map((step) => ({ name: step.name, status: step.status, startedAt: iso(step.startedAt), finishedAt: iso(step.finishedAt) })),
    error: action.errorCode ? { code: action.errorCode, message: action.errorMsg ?? "" } : null,
    createdAt: action.createdAt.toISOString(),
    startedAt: iso(action.startedAt),
    finishedAt: iso(action.finishedAt),
  };
}

export const withSteps = { steps: { orderBy: { position: "asc" } } } as const;
