import type { CommandName } from "@/lib/actions/commands/index.ts";
import { coldRestartRun } from "./cold-restart.ts";
import type { CommandRunner } from "./command-run.ts";
import { reinstallRun } from "./reinstall.ts";

/** The host work of every command, by name: the step runner looks the claimed action's command up here. */
export const COMMAND_RUNNERS: { [C in CommandName]: CommandRunner<C> } = {
  apply_settings: coldRestartRun,
  restart: coldRestartRun,
  reinstall: reinstallRun,
};
