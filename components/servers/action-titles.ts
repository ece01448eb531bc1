import type { ActionView } from "@/lib/contracts/actions";
import type { ActionWords } from "./action-words";

// What an action is called as it runs and once it ends: the progress panel's heading and the toast
// that reports the outcome (the actions messages' `titles`).

type Phase = "active" | "success" | "error";

function phaseOf(status: ActionView["status"]): Phase {
  return status === "success" ? "success" : status === "error" ? "error" : "active";
}

export function titleOf(action: Pick<ActionView, "command" | "status">, { titles }: ActionWords["actions"]): string {
  return (titles satisfies Record<ActionView["command"], Record<Phase, string>>)[action.command][phaseOf(action.status)];
}
