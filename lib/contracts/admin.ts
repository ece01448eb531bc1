import * as z from "zod/mini";
import { ServerStatus, Virtualization } from "@/lib/db/generated/enums.ts";
import { isDomainName, isLibvirtUri } from "@/lib/hypervisor/validation.ts";

// The admin API's resources and requests: what operators manage (hosts, customers, servers across
// customers). The operator commands (scripts/ops.ts) check their arguments by these same schemas
// and print these same shapes with --json.

const time = z.iso.datetime({ offset: true });

export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export const hostName = z
  .string()
  .check(
    z.regex(HOST_NAME, "must be 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter or digit"),
    z.describe("The host's name, as its agent is started with (`--host`)."),
  );

export const emailAddress = z
  .string()
  .check(z.trim(), z.toLowerCase(), z.maxLength(320, "must be at most 320 characters"), z.email("must be an email address"));

export const hypervisorUri = z
  .string()
  .check(
    z.maxLength(512, "must be at most 512 characters"),
    z.refine(isLibvirtUri, "must be a libvirt URI (qemu:///system, lxc:///, qemu+ssh://user@node/system, test+unix:///default)"),
    z.describe("The libvirt URI the host's agent connects to."),
  );

const personName = z.string().check(z.trim(), z.minLength(1, "is required"), z.maxLength(200, "must be at most 200 characters"));

/** How long a new sign-in link works: 72 hours unless asked otherwise, a month at most. */
export const SIGN_IN_LINK_HOURS = { default: 72, max: 720 } as const;

const linkHours = z
  .int()
  .check(
    z.minimum(1),
    z.maximum(SIGN_IN_LINK_HOURS.max),
    z.describe(`How many hours the sign-in link works (${SIGN_IN_LINK_HOURS.default} unless given).`),
  );

// ---------------------------------------------------------------------------------------------
// Hosts

export const adminHostSchema = z
  .object({
    name: z.string(),
    hypervisorUri: z.string(),
    createdAt: time,
    agentLastSeenAt: z.nullable(time).check(z.describe("When the host's agent last reported; null if it never has.")),
    agentVersion: z.nullable(z.string()),
    domains: z.nullable(z.int()).check(z.describe("How many domains the agent saw in its last report, known or not; null before its first.")),
    memoryKiB: z.nullable(z.number()).check(z.describe("The node's physical memory, as its agent reports it.")),
    cpus: z.nullable(z.int()),
    servers: z.int().check(z.describe("Servers the dashboard places on the host.")),
  })
  .check(z.meta({ id: "AdminHost", description: "A hypervisor node and what its agent last reported." }));

export type AdminHost = z.infer<typeof adminHostSchema>;

export const hostPath = z.object({ name: hostName });

export const createHostBody = z.strictObject({ name: hostName, hypervisorUri });

export type CreateHostBody = z.infer<typeof createHostBody>;

export const hostListResponse = z.object({ hosts: z.array(adminHostSchema) });
export const hostResponse = z.object({ host: adminHostSchema });
export const hostWithTokenResponse = z.object({
  host: adminHostSchema,
  agentToken: z.string().check(z.describe("The host agent's token (`AGENT_TOKEN`). Shown this once: only its hash is kept.")),
});

// ---------------------------------------------------------------------------------------------
// Customers and their sign-in links

export const adminCustomerSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    passwordSet: z.boolean().check(z.describe("False until the customer sets a password through a sign-in link.")),
    servers: z.int(),
    createdAt: time,
  })
  .check(z.meta({ id: "AdminCustomer" }));

export type AdminAccount = z.infer<typeof adminCustomerSchema>;

export const signInLinkSchema = z
  .object({
    url: z.string().check(z.describe("Send it to the customer: it opens a page where they set their password. It works once.")),
    expiresAt: time,
  })
  .check(z.meta({ id: "SignInLink", description: "A one-time link to set a password. Shown this once: only its hash is kept." }));

export const customerPath = z.object({ id: z.uuid().check(z.describe("The customer's id.")) });

export const createCustomerBody = z.strictObject({ email: emailAddress, name: personName, linkValidHours: z.optional(linkHours) });

export type CreateAccountBody = z.infer<typeof createCustomerBody>;

export const newSignInLinkBody = z.strictObject({ linkValidHours: z.optional(linkHours) });

export const customerListResponse = z.object({ customers: z.array(adminCustomerSchema) });
export const customerWithLinkResponse = z.object({ customer: adminCustomerSchema, signInLink: signInLinkSchema });

// ---------------------------------------------------------------------------------------------
// Servers, across customers

export const adminServerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    host: z.string(),
    domainName: z.string(),
    owner: z.object({ id: z.uuid(), email: z.string() }),
    virtualization: z.enum(Virtualization),
    memoryMiB: z.int(),
    vcpus: z.int(),
    diskGiB: z.nullable(z.int()).check(z.describe("The plan's disk, GiB; null where not known (imported from a domain whose disk was not read).")),
    image: z.string(),
    status: z.enum(ServerStatus),
    ballooningEnabled: z.boolean(),
    createdAt: time,
  })
  .check(z.meta({ id: "AdminServer" }));

export type AdminServer = z.infer<typeof adminServerSchema>;

export const serverListQuery = z.strictObject({
  host: z.optional(hostName.check(z.describe("Only this host's servers."))),
  owner: z.optional(emailAddress.check(z.describe("Only this customer's servers."))),
});

export type ServerListQuery = z.infer<typeof serverListQuery>;

const domainName = z.string().check(z.refine(isDomainName, "must be a libvirt domain name"));

export const importServersBody = z.strictObject({
  host: hostName,
  owner: emailAddress.check(z.describe("The customer who gets the servers.")),
  domains: z.optional(
    z
      .array(
        z.strictObject({
          name: domainName.check(z.describe("The libvirt domain's name.")),
          serverName: z.optional(personName.check(z.describe("The server's name for the customer; the domain's name unless given."))),
        }),
      )
      .check(z.minLength(1), z.maxLength(500), z.describe("Only these domains; every domain the agent reported unless given.")),
  ),
});

export type ImportServersBody = z.infer<typeof importServersBody>;

export const SKIP_REASONS = ["already_imported", "not_reported", "unsupported_virtualization", "no_memory_size", "no_vcpu_count"] as const;

export type SkipReason = (typeof SKIP_REASONS)[number];

export const importServersResponse = z.object({
  created: z.array(adminServerSchema),
  skipped: z.array(
    z.object({
      domain: z.string(),
      reason: z
        .enum(SKIP_REASONS)
        .check(
          z.describe(
            "`already_imported`: a server is known by it (`serverId`); `not_reported`: the agent's last report does not list it; `unsupported_virtualization`: neither KVM nor LXC; `no_memory_size`, `no_vcpu_count`: the agent could not read its definition's size.",
          ),
        ),
      message: z.string(),
      serverId: z.optional(z.uuid()),
    }),
  ),
});

export type ImportResult = z.infer<typeof importServersResponse>;

export const serverPath = z.object({ id: z.uuid().check(z.describe("The server's id.")) });

export const moveServerBody = z.strictObject({ owner: emailAddress.check(z.describe("The customer who gets the server.")) });

export const adminServerListResponse = z.object({ servers: z.array(adminServerSchema) });
export const adminServerResponse = z.object({ server: adminServerSchema });
