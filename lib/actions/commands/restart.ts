import * as z from "zod/mini";
import { COLD_RESTART_FAILURES, COLD_RESTART_STEPS } from "./cold-restart-steps.ts";
import { defineCommand } from "./define-command.ts";

export const RESTART_MODES = ["graceful", "force"] as const;
export type RestartMode = (typeof RESTART_MODES)[number];

/** A cold restart, which applies pending settings too. "force" pulls the plug without a clean shutdown. */
export const restart = defineCommand({
  name: "restart",
  params: z.strictObject({ mode: z.enum(RESTART_MODES) }),
  steps: COLD_RESTART_STEPS,
  failures: COLD_RESTART_FAILURES,
});
