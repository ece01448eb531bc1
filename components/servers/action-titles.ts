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

// The English titles, for the parts of the dashboard that do not take their words from the messages
// yet (the server header's outcome toasts, the activity's sentences). Use titleOf with the actions
// messages instead; this goes once nothing calls it.
const ENGLISH: Record<ActionView["command"], Record<Phase, string>> = {
  apply_settings: { active: "Applying your memory settings", success: "Memory settings applied", error: "The settings change did not finish" },
  restart: { active: "Restarting the server", success: "Server restarted", error: "The restart did not finish" },
  reinstall: { active: "Reinstalling on KVM", success: "Reinstalled on KVM", error: "The reinstall did not finish" },
};

/** @deprecated English only: titleOf(action, words.actions) says it in the reader's language. */
export function actionTitle(action: Pick<ActionView, "command" | "status">): string {
  return ENGLISH[action.command][phaseOf(action.status)];
}
