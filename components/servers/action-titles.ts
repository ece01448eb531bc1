import type { ActionView } from "@/lib/contracts/actions";

// What an action is called as it runs and once it ends: the progress panel's heading and the toast
// that reports the outcome.

const TITLES: Record<ActionView["command"], Record<"active" | "success" | "error", string>> = {
  apply_settings: { active: "Applying your memory settings", success: "Memory settings applied", error: "The settings change did not finish" },
  restart: { active: "Restarting the server", success: "Server restarted", error: "The restart did not finish" },
  reinstall: { active: "Reinstalling on KVM", success: "Reinstalled on KVM", error: "The reinstall did not finish" },
};

export function actionTitle(action: Pick<ActionView, "command" | "status">): string {
  const phase = action.status === "success" ? "success" : action.status === "error" ? "error" : "active";
  return TITLES[action.command][phase];
}
