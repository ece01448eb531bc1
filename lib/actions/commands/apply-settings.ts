import * as z from "zod/mini";
import { COLD_RESTART_FAILURES, COLD_RESTART_STEPS } from "./cold-restart-steps.ts";
import { defineCommand } from "./define-command.ts";

/**
 * Brings the server's domain to the customer's desired settings (ballooning) and cold-restarts it
 * when the definition changed. It takes no params: it applies the desired state as it is when an
 * agent claims it, so requests made while it waits in the queue join it.
 */
export const applySettings = defineCommand({
  name: "apply_settings",
  params: z.strictObject({}),
  steps: COLD_RESTART_STEPS,
  failures: COLD_RESTART_FAILURES,
});
