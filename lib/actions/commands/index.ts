import type * as z from "zod/mini";
import type { ActionCommand } from "@/lib/db/generated/enums.ts";
import { applySettings } from "./apply-settings.ts";
import { reinstall } from "./reinstall.ts";
import { restart } from "./restart.ts";

// Every command an action can carry, by name. Free of database and framework imports: the host
// agent and (for types) the browser use it too.

export const COMMANDS = { apply_settings: applySettings, restart, reinstall } as const satisfies Record<ActionCommand, { name: ActionCommand }>;

export type CommandName = keyof typeof COMMANDS;
export type CommandParams<C extends CommandName> = z.infer<(typeof COMMANDS)[C]["params"]>;
export type StepName<C extends CommandName = CommandName> = (typeof COMMANDS)[C]["steps"][number];

/** Every step name of every command, for the provider API's schema. */
export const ALL_STEP_NAMES = [...new Set(Object.values(COMMANDS).flatMap((command) => [...command.steps]))] as [StepName, ...StepName[]];

export function stepsOf<C extends CommandName>(command: C): readonly StepName<C>[] {
  return COMMANDS[command].steps;
}

/** The action_steps rows of a new action, in order. */
export function stepRows(command: CommandName): { name: StepName; position: number }[] {
  return stepsOf(command).map((name, position) => ({ name, position }));
}

export function isStepOf<C extends CommandName>(command: C, step: string): step is StepName<C> {
  return (stepsOf(command) as readonly string[]).includes(step);
}

/** The plain sentence a customer reads when this step fails. */
export function stepFailure<C extends CommandName>(command: C, step: StepName<C>): string {
  return (COMMANDS[command].failures as Record<StepName<C>, string>)[step];
}

export type ParsedParams = { [C in CommandName]: { command: C; params: CommandParams<C> } }[CommandName];

/** An action's stored params checked against its command's schema; null when they do not fit it. */
export function parseParams(command: CommandName, params: unknown): ParsedParams | null {
  switch (command) {
    case "apply_settings": {
      const parsed = applySettings.params.safeParse(params);
      return parsed.success ? { command, params: parsed.data } : null;
    }
    case "restart": {
      const parsed = restart.params.safeParse(params);
      return parsed.success ? { command, params: parsed.data } : null;
    }
    case "reinstall": {
      const parsed = reinstall.params.safeParse(params);
      return parsed.success ? { command, params: parsed.data } : null;
    }
  }
}
