import type { ActionCommand } from "@/lib/db/generated/enums.ts";

// The named steps of each command, in order (API.md). apply_settings and restart run the same
// steps: a restart also applies pending settings, so "restart to apply the change" always holds.

export const RESTART_WITH_SETTINGS = ["update_domain_xml", "shutdown", "force_stop", "start", "verify"] as const;

export const STEPS_BY_COMMAND: Record<ActionCommand, readonly string[]> = {
  apply_settings: RESTART_WITH_SETTINGS,
  restart: RESTART_WITH_SETTINGS,
  reinstall: ["define_kvm_domain", "start_kvm_domain", "verify_kvm_domain", "remove_lxc_domain", "switch_server_record"],
};

export function stepRows(command: ActionCommand) {
  return STEPS_BY_COMMAND[command].map((name, position) => ({ name, position }));
}
