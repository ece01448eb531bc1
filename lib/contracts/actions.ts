import * as z from "zod/mini";
import { ALL_STEP_NAMES, COMMANDS, type CommandName } from "@/lib/actions/commands/index.ts";
import { RESTART_MODES } from "@/lib/actions/commands/restart.ts";
import { ActionStatus, StepStatus } from "@/lib/db/generated/enums.ts";

// The Action resource (what a server is being asked to do, step by step) and the requests that
// queue one.

const COMMAND_NAMES = Object.keys(COMMANDS) as [CommandName, ...CommandName[]];

const time = z.iso.datetime({ offset: true });

export const actionSchema = z
  .object({
    id: z.uuid(),
    serverId: z.uuid(),
    command: z.enum(COMMAND_NAMES),
    status: z.enum(ActionStatus),
    progress: z.int().check(z.minimum(0), z.maximum(100)),
    steps: z.array(
      z.object({
        name: z.enum(ALL_STEP_NAMES).check(z.describe("One of the command's steps, in the order they run.")),
        status: z.enum(StepStatus).check(z.describe("`skipped` when there was nothing to do (the server was already off, say).")),
        startedAt: z.nullable(time),
        finishedAt: z.nullable(time),
      }),
    ),
    error: z.nullable(
      z.object({
        code: z
          .string()
          .check(
            z.describe(
              "Why it ended in error: `rolled_back` (the change was undone, the server runs as before), `not_applied` (nothing was changed), `rollback_failed` (support has to look), or the host's own code.",
            ),
          ),
        message: z.string().check(z.describe("Plain words for the customer; the host's own message is kept for operators.")),
      }),
    ),
    createdAt: time,
    startedAt: z.nullable(time),
    finishedAt: z.nullable(time),
    hostUnresponsiveSince: z.nullable(time).check(
      z.describe(
        "Set while the action waits on a host that has stopped answering: since when nothing was heard from it. Nothing is lost: the action continues where it stopped once the host is back.",
      ),
    ),
  })
  .check(z.meta({ id: "Action", description: "Something a server is asked to do (a settings change with restart, a restart, a reinstall) and how far it got." }));

export type ActionView = z.infer<typeof actionSchema>;

/** The `{id}` of /actions/{id}. */
export const actionPath = z.object({ id: z.uuid().check(z.describe("The action's id.")) });

export const actionResponse = z.object({ action: actionSchema });
export const actionListResponse = z.object({ actions: z.array(actionSchema).check(z.describe("Newest first.")) });

export const restartBody = z.strictObject({
  mode: z.optional(
    z
      .enum(RESTART_MODES, { error: 'mode must be "graceful" or "force"' })
      .check(z.describe("`graceful` (the default) asks the guest to shut down first; `force` pulls the plug.")),
  ),
});

export const reinstallBody = z.strictObject({
  image: z
    .string({ error: "image must be a string" })
    .check(z.minLength(1, "image is required"), z.maxLength(64), z.describe("An image id from the catalogue (`debian-12`).")),
  confirmName: z
    .string({ error: "confirmName must be a string" })
    .check(z.maxLength(256), z.describe("The server's name, exactly: the reinstall erases the server's data.")),
});

export type ReinstallBody = z.input<typeof reinstallBody>;
