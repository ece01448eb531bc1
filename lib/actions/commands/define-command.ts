import type * as z from "zod/mini";

// What the dashboard and the host agent both know of a command: the params it takes, its steps in
// the order they run, and the sentence a customer reads when a step fails. The queue, the claim, the
// provider API's schemas, the agent's step runner and the UI's step labels all read these, so a
// renamed step fails the type check wherever it is used.

export type CommandDefinition<Name extends string, Steps extends readonly [string, ...string[]], Params extends z.ZodMiniType> = {
  name: Name;
  /** Validated when the action is queued and again when it is handed to an agent. */
  params: Params;
  steps: Steps;
  /** Plain words for the customer, one per step; the host's own message is kept apart for operators. */
  failures: Record<Steps[number], string>;
};

export function defineCommand<const Name extends string, const Steps extends readonly [string, ...string[]], Params extends z.ZodMiniType>(
  definition: CommandDefinition<Name, Steps, Params>,
): CommandDefinition<Name, Steps, Params> {
  return definition;
}
