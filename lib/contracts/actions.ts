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
export const reinstallResponse = z.object({
  action: actionSchema,
  rootPassword: z.optional(
    z.string().check(z.describe("The new server's root password, when the dashboard generated it: answered this once and kept nowhere, so keep it now.")),
  ),
});
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
  login: z.optional(
    z
      .discriminatedUnion("method", [
        z.strictObject({
          method: z.literal("ssh_key"),
          publicKey: z
            .string({ error: "publicKey must be a string" })
            .check(z.minLength(1, "publicKey is required"), z.maxLength(16_384), z.describe("The one line of an OpenSSH `.pub` file: Ed25519, ECDSA, or RSA of 2048 bits or more.")),
        }),
        z.strictObject({ method: z.literal("generated_password") }),
      ], { error: 'login.method must be "ssh_key" or "generated_password"' })
      .check(
        z.describe(
          "How you log in to the new server, set by cloud-init on its first boot: your SSH public key for root, or a root password the dashboard generates and answers once as `rootPassword`. A generated password when not given.",
        ),
      ),
  ),
});

export type ReinstallBody = z.input<typeof reinstallBody>;
