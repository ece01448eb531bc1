import * as z from "zod/mini";
import { ServerStatus, Virtualization } from "@/lib/db/generated/enums.ts";
import { actionSchema } from "./actions.ts";

// The Server resource and the customer API's requests about one server. Desired state (what the
// customer asked for) and observed state (what the host agent saw) stay distinct.

export const serverSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: z.enum(ServerStatus).check(z.describe("As the host agent last saw it; `restarting` and `reinstalling` while an action runs.")),
    virtualization: z.enum(Virtualization).check(z.describe("Ballooning exists on KVM only; an LXC server can be reinstalled onto KVM.")),
    memoryMiB: z.int().check(z.positive()),
    vcpus: z.int().check(z.positive()),
    diskGiB: z.nullable(z.int().check(z.positive())).check(z.describe("The plan's disk in GiB: a reinstall makes the server's disk this size. Null where it is not known.")),
    image: z.string().check(z.describe("The operating system image, an id from the catalogue (`debian-12`).")),
    ballooning: z.object({
      supported: z.boolean().check(z.describe("False on LXC: there is no balloon to switch.")),
      enabled: z.boolean().check(z.describe("What the customer chose: ballooning on.")),
      applied: z.nullable(z.boolean()).check(z.describe("What the server runs with now, as last seen on the host; null until seen.")),
      pendingRestart: z.boolean().check(z.describe("The choice differs from what runs: a restart applies it.")),
    }),
  })
  .check(z.meta({ id: "Server", description: "A virtual server, with the customer's ballooning choice and what the host runs." }));

export type ServerView = z.infer<typeof serverSchema>;

/** The `{id}` of /servers/{id}/…: a UUID; anything else names no server. */
export const serverPath = z.object({ id: z.uuid().check(z.describe("The server's id.")) });

export const serverListResponse = z.object({ servers: z.array(serverSchema) });
export const serverResponse = z.object({ server: serverSchema });

// Request bodies are strict: an unknown field is an error, not ignored.

export const RESTART_CHOICES = ["now", "later"] as const;

export const setBallooningBody = z.strictObject({
  enabled: z.boolean({ error: "enabled must be true or false" }).check(z.describe("Ballooning on (true) or off (false).")),
  restart: z.optional(
    z
      .enum(RESTART_CHOICES, { error: 'restart must be "now" or "later"' })
      .check(z.describe("`now` (the default) queues the restart that applies the choice; `later` only records it.")),
  ),
});

export type SetBallooningBody = z.input<typeof setBallooningBody>;

export const setBallooningResponse = z.object({
  server: serverSchema,
  action: z.nullable(actionSchema).check(z.describe("The restart that applies the choice; null with `later`, or when the server already runs with it.")),
});
