import * as z from "zod/mini";
import { fieldProblems } from "../../lib/api/validation.ts";
import { signInLinkPath } from "../../lib/auth/sign-in-links.ts";
import {
  createCustomerBody,
  createHostBody,
  emailAddress,
  hostName,
  importServersBody,
  newSignInLinkBody,
  serverListQuery,
  SIGN_IN_LINK_HOURS,
  type AdminAccount,
  type AdminServer,
} from "../../lib/contracts/admin.ts";
import type { Role } from "../../lib/db/generated/enums.ts";
import { addAccount, listAccounts, renewSignInLink, type IssuedLink } from "../../lib/operators/customers.ts";
import { addHost, listHosts, removeHost, rotateAgentToken } from "../../lib/operators/hosts.ts";
import { importServers, listAllServers, moveServer } from "../../lib/operators/servers.ts";
import { createOperatorToken } from "../../lib/operators/tokens.ts";
import { indent, memory, moment, seen, table } from "./text.ts";

// Every operator command: its usage, its options, and what it runs. A command checks its arguments
// by the admin API's own schemas (lib/contracts/admin.ts), calls one service of lib/operators, and
// answers what to print: JSON for --json (the admin API's shapes), text for people.

export type OptionSpec = { type: "string" | "boolean"; multiple?: boolean; required?: boolean; value?: string; description: string };

export type Input = { positionals: string[]; values: Record<string, string | boolean | (string | boolean)[] | undefined>; baseUrl: () => string };

export type Output = { json: unknown; text: string };

export type Command = {
  usage: string;
  summary: string;
  details?: string;
  positionals: string[];
  options: Record<string, OptionSpec>;
  run: (input: Input) => Promise<Output>;
};

/** A mistake in how a command was called: said on stderr with the command's usage, exit code 2. */
export class UsageError extends Error {}

/**
 * The input by `schema`; every problem is reported at once, named as the command line names it
 * (`labels` maps a field to its flag or positional).
 */
function parse<S extends z.ZodMiniType>(schema: S, input: unknown, labels: Record<string, string>): z.output<S> {
  const parsed = z.safeParse(schema, input);
  if (parsed.success) return parsed.data;
  // The API's own account of what is wrong, field by field; `(body)` is the whole value.
  const problems = fieldProblems(parsed.error).map(({ field, message }) => {
    const whole = field === "(body)" ? "" : field;
    return `${labels[whole] ?? labels[whole.split(".")[0] ?? ""] ?? whole} ${message}`;
  });
  throw new UsageError(problems.join("\n"));
}

const text = (value: Input["values"][string]) => (typeof value === "string" ? value : undefined);
const list = (value: Input["values"][string]) => (Array.isArray(value) ? value.filter((item) => typeof item === "string") : []);

/** A whole number given as an option, or undefined; anything else is left for the schema to refuse. */
function whole(value: Input["values"][string]): number | string | undefined {
  const given = text(value);
  return given !== undefined && /^\d+$/.test(given) ? Number(given) : given;
}

const validHoursOption: OptionSpec = { type: "string", value: "hours", description: `How long the sign-in link works (default ${SIGN_IN_LINK_HOURS.default}, at most ${SIGN_IN_LINK_HOURS.max}).` };
const baseUrlOption: OptionSpec = { type: "string", value: "url", description: "The dashboard's public address for the link (default NEXTAUTH_URL)." };

function linkText(link: IssuedLink, baseUrl: string) {
  const url = new URL(signInLinkPath(link.token), baseUrl).toString();
  return { json: { url, expiresAt: link.expiresAt.toISOString() }, text: `It works once, until ${moment(link.expiresAt.toISOString())}:\n${indent(url)}` };
}

function accountCommands(role: Role): Record<string, Command> {
  const word = role === "customer" ? "customer" : "operator";
  const plural = `${word}s`;
  return {
    add: {
      usage: `${word} add <email> --name <name>`,
      summary: `Add ${role === "customer" ? "a customer" : "an operator"}, and print a one-time link to set their password`,
      details: `The account has no password until its owner opens the link and sets one. Only the link's hash is kept: this is the one chance to copy it.`,
      positionals: ["email"],
      options: { name: { type: "string", required: true, value: "name", description: "The person's name, as the dashboard greets them." }, "valid-hours": validHoursOption, "base-url": baseUrlOption },
      run: async ({ positionals: [email], values, baseUrl }) => {
        const body = parse(createCustomerBody, { email, name: text(values.name), linkValidHours: whole(values["valid-hours"]) }, { email: "<email>", name: "--name", linkValidHours: "--valid-hours" });
        const { account, link } = await addAccount({ ...body, role });
        const shown = linkText(link, baseUrl());
        return {
          json: { [word]: account, signInLink: shown.json },
          text: `${capital(word)} ${account.email} (${account.name}) added, without a password.\nSend them this sign-in link to set one. ${shown.text}`,
        };
      },
    },
    list: {
      usage: `${word} list`,
      summary: `The ${plural}: email, name, whether a password is set, servers`,
      positionals: [],
      options: {},
      run: async () => {
        const accounts = await listAccounts({ role });
        return { json: { [plural]: accounts }, text: accountsTable(accounts) };
      },
    },
    link: {
      usage: `${word} link <email>`,
      summary: "Print a new one-time sign-in link; earlier links stop working",
      details: "For a lost or expired link, or a forgotten password: setting a password through the link replaces the old one and ends every session of the account.",
      positionals: ["email"],
      options: { "valid-hours": validHoursOption, "base-url": baseUrlOption },
      run: async ({ positionals: [email], values, baseUrl }) => {
        const address = parse(emailAddress, email, { "": "<email>" });
        const { linkValidHours } = parse(newSignInLinkBody, { linkValidHours: whole(values["valid-hours"]) }, { linkValidHours: "--valid-hours" });
        const { account, link } = await renewSignInLink({ account: { email: address }, role, linkValidHours });
        const shown = linkText(link, baseUrl());
        return { json: { [word]: account, signInLink: shown.json }, text: `New sign-in link for ${account.email}; earlier links no longer work. ${shown.text}` };
      },
    },
  };
}

function accountsTable(accounts: AdminAccount[]): string {
  return table(
    ["EMAIL", "NAME", "PASSWORD", "SERVERS", "ADDED"],
    accounts.map((account) => [account.email, account.name, account.passwordSet ? "set" : "not yet", String(account.servers), account.createdAt.slice(0, 10)]),
  );
}

function serversTable(servers: AdminServer[]): string {
  return table(
    ["ID", "NAME", "HOST", "DOMAIN", "OWNER", "TYPE", "MEMORY", "VCPUS", "STATUS", "BALLOONING"],
    servers.map((server) => [
      server.id,
      server.name,
      server.host,
      server.domainName,
      server.owner.email,
      server.virtualization,
      memory(server.memoryMiB * 1024),
      String(server.vcpus),
      server.status,
      server.virtualization === "lxc" ? "-" : server.ballooningEnabled ? "on" : "off",
    ]),
  );
}

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

const SKIP_WORDS = {
  already_imported: "already imported",
  not_reported: "not reported",
  unsupported_virtualization: "other virtualization",
  no_memory_size: "no memory size",
  no_vcpu_count: "no vCPU count",
} as const;

export const COMMANDS: Record<string, Record<string, Command>> = {
  host: {
    add: {
      usage: "host add <name> --uri <libvirt uri>",
      summary: "Add a hypervisor node, and print its agent's token once",
      details: "Only the token's hash is kept: copy it now, and start the host's agent with it.",
      positionals: ["name"],
      options: { uri: { type: "string", required: true, value: "libvirt uri", description: "What the agent connects to: qemu:///system, lxc:///, qemu+ssh://user@node/system." } },
      run: async ({ positionals: [name], values, baseUrl }) => {
        const body = parse(createHostBody, { name, hypervisorUri: text(values.uri) }, { name: "<name>", hypervisorUri: "--uri" });
        const { host, agentToken } = await addHost(body);
        const start = `AGENT_TOKEN=<the token> DASHBOARD_URL=${baseUrl()} npm run agent -- --host ${host.name} --uri ${host.hypervisorUri}`;
        return {
          json: { host, agentToken },
          text: `Host ${host.name} added (${host.hypervisorUri}).\nIts agent's token, shown this once (only its hash is kept):\n${indent(agentToken)}\nStart the agent on the node with it:\n${indent(start)}`,
        };
      },
    },
    list: {
      usage: "host list",
      summary: "The hosts: URI, when the agent last reported, its version, domains, physical memory, servers",
      positionals: [],
      options: {},
      run: async () => {
        const hosts = await listHosts();
        const rows = hosts.map((host) => [
          host.name,
          host.hypervisorUri,
          seen(host.agentLastSeenAt),
          host.agentVersion ?? "-",
          host.domains === null ? "-" : String(host.domains),
          memory(host.memoryKiB),
          String(host.servers),
        ]);
        return { json: { hosts }, text: table(["NAME", "URI", "AGENT SEEN", "VERSION", "DOMAINS", "MEMORY", "SERVERS"], rows) };
      },
    },
    "rotate-token": {
      usage: "host rotate-token <name>",
      summary: "Give the host's agent a new token; the old one stops working at once",
      positionals: ["name"],
      options: {},
      run: async ({ positionals: [name] }) => {
        const { host, agentToken } = await rotateAgentToken({ name: parse(hostName, name, { "": "<name>" }) });
        return { json: { host, agentToken }, text: `New token for ${host.name}'s agent; the old one no longer works. Restart the agent with it:\n${indent(agentToken)}` };
      },
    },
    remove: {
      usage: "host remove <name>",
      summary: "Remove a host; refused while servers are on it",
      positionals: ["name"],
      options: {},
      run: async ({ positionals: [name] }) => {
        const host = await removeHost({ name: parse(hostName, name, { "": "<name>" }) });
        return { json: { host }, text: `Host ${host.name} removed; its agent's token no longer works.` };
      },
    },
  },
  customer: accountCommands("customer"),
  operator: accountCommands("operator"),
  token: {
    create: {
      usage: "token create --operator <email> --name <name> [--expires-in <days>]",
      summary: "Make an operator's API token for the admin API, and print it once",
      details: "Send it as `Authorization: Bearer <token>` to /api/admin/v1/…. Only its hash is kept.",
      positionals: [],
      options: {
        operator: { type: "string", required: true, value: "email", description: "The operator the token acts as." },
        name: { type: "string", required: true, value: "name", description: "What the token is for, to tell it apart later." },
        "expires-in": { type: "string", value: "days", description: "Days until it stops working (default: never)." },
      },
      run: async ({ values }) => {
        const input = z.strictObject({
          email: emailAddress,
          name: z.string().check(z.trim(), z.minLength(1, "is required"), z.maxLength(100, "must be at most 100 characters")),
          expiresInDays: z.optional(z.int("must be a whole number of days").check(z.minimum(1, "must be at least 1"), z.maximum(3650, "must be at most 3650"))),
        });
        const { email, name, expiresInDays } = parse(input, { email: text(values.operator), name: text(values.name), expiresInDays: whole(values["expires-in"]) }, { email: "--operator", name: "--name", expiresInDays: "--expires-in" });
        const { token, ...made } = await createOperatorToken({ email, name, expiresInDays });
        const until = made.expiresAt ? `until ${moment(made.expiresAt)}` : "until revoked";
        return { json: { ...made, token }, text: `API token "${made.name}" for ${made.operator}, valid ${until}. Shown this once (only its hash is kept):\n${indent(token)}` };
      },
    },
  },
  server: {
    import: {
      usage: "server import --host <name> --owner <email> [--domain <libvirt name>[=<server name>]]…",
      summary: "Make servers for a customer of the domains the host's agent reported",
      details:
        "Every domain of the agent's last report, or only those named; a server is named as its domain unless given. Sizes come from the definition. A domain that is a server already, or that the agent did not report or cannot size, is skipped and said why: running it again changes nothing.",
      positionals: [],
      options: {
        host: { type: "string", required: true, value: "name", description: "The host whose domains to import." },
        owner: { type: "string", required: true, value: "email", description: "The customer who gets the servers." },
        domain: { type: "string", multiple: true, value: "name[=server name]", description: "Only this domain (repeat for more); `=` names its server." },
      },
      run: async ({ values }) => {
        const domains = list(values.domain).map((given) => {
          const at = given.indexOf("=");
          return at < 0 ? { name: given } : { name: given.slice(0, at), serverName: given.slice(at + 1) };
        });
        const body = parse(importServersBody, { host: text(values.host), owner: text(values.owner), ...(domains.length ? { domains } : {}) }, { host: "--host", owner: "--owner", domains: "--domain" });
        const result = await importServers(body);
        const lines = [
          result.created.length ? `Imported ${result.created.length} server${result.created.length === 1 ? "" : "s"} for ${body.owner} from ${body.host}:\n${serversTable(result.created)}` : `Imported nothing for ${body.owner} from ${body.host}.`,
          ...(result.skipped.length ? [`Skipped ${result.skipped.length}:\n${table(["DOMAIN", "WHY", ""], result.skipped.map((skip) => [skip.domain, SKIP_WORDS[skip.reason], skip.message]))}`] : []),
        ];
        return { json: result, text: lines.join("\n") };
      },
    },
    list: {
      usage: "server list [--host <name>] [--owner <email>]",
      summary: "Servers across customers: every one, or one host's, or one customer's",
      positionals: [],
      options: {
        host: { type: "string", value: "name", description: "Only this host's servers." },
        owner: { type: "string", value: "email", description: "Only this customer's servers." },
      },
      run: async ({ values }) => {
        const query = parse(serverListQuery, { host: text(values.host), owner: text(values.owner) }, { host: "--host", owner: "--owner" });
        const servers = await listAllServers(query);
        return { json: { servers }, text: serversTable(servers) };
      },
    },
    move: {
      usage: "server move <id> --owner <email>",
      summary: "Give a server to another customer; the former owner loses it at once",
      positionals: ["id"],
      options: { owner: { type: "string", required: true, value: "email", description: "The customer who gets the server." } },
      run: async ({ positionals: [id], values }) => {
        const owner = parse(emailAddress, text(values.owner), { "": "--owner" });
        const server = await moveServer({ serverId: id ?? "", owner });
        return { json: { server }, text: `Server ${server.name} (${server.id}) now belongs to ${server.owner.email}.` };
      },
    },
  },
};
