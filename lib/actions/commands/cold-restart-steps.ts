// apply_settings and restart run the same steps: a restart also applies pending settings, so
// "restart to apply the change" always holds. A persistent XML change reaches a running domain only
// through a cold restart (shut down, start), never through `virsh reboot`.

export const COLD_RESTART_STEPS = ["update_domain_xml", "shutdown", "force_stop", "start", "verify"] as const;

export const COLD_RESTART_FAILURES = {
  update_domain_xml: "The server's new configuration could not be saved on the host.",
  shutdown: "The server could not be shut down.",
  force_stop: "The server could not be stopped.",
  start: "The server could not be started again.",
  verify: "The server restarted, but the new configuration did not take effect.",
} as const satisfies Record<(typeof COLD_RESTART_STEPS)[number], string>;
