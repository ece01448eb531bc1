import { createHash } from "node:crypto";
import * as z from "zod/mini";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GET as adminListHosts } from "@/app/api/admin/v1/hosts/route.ts";
import { signInLinkStatus } from "@/lib/auth/sign-in-links.ts";
import { signInWithPassword } from "@/lib/auth/sign-in.ts";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits.ts";
import {
  adminServerListResponse,
  adminServerResponse,
  customerListResponse,
  hostListResponse,
  hostResponse,
  hostWithTokenResponse,
  importServersResponse,
  signInLinkSchema,
  adminCustomerSchema,
} from "@/lib/contracts/admin.ts";
import { db } from "@/lib/db/client.ts";
import { migrateDatabase } from "@/lib/db/migrate.ts";
import { providerApi } from "../support/agents.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { apiRequest, bearer, routeContext } from "../support/http.ts";
import { runOps, type OpsRun } from "../support/ops-cli.ts";

// `npm run ops` as an operator runs it: each command a process of its own (node --import tsx
// scripts/ops.ts) against a fresh database, read back through Prisma and the APIs the dashboard serves.

let database: ScratchDatabase;
const previousDatabaseUrl = process.env.DATABASE_URL;
const BASE_URL = "https://panel.example.test";

beforeAll(async () => {
  database = await createScratchDatabase(inject("adminDatabaseUrl"), "operator_commands");
  await migrateDatabase(database.url);
  // Prisma here (db()) reads the same database as the commands, from its first use on.
  process.env.DATABASE_URL = database.url;
});

afterAll(async () => {
  await db().$disconnect();
  await database?.drop();
  process.env.DATABASE_URL = previousDatabaseUrl;
});

const ops = (...args: string[]) => runOps(args, { DATABASE_URL: database.url, NEXTAUTH_URL: BASE_URL });

/** A command that must succeed with --json: its output, parsed by the schema of what it prints. */
async function json<S extends z.ZodMiniType>(schema: S, ...args: string[]): Promise<z.output<S>> {
  const run = await ops(...args, "--json");
  expect(run, run.stderr).toMatchObject({ code: 0 });
  return z.parse(schema, JSON.parse(run.stdout));
}

/** A refusal: exit code 1 and, with --json, the error's code on stderr and nothing on stdout. */
async function refusal(code: string, ...args: string[]): Promise<{ message: string; details?: Record<string, unknown> }> {
  const run = await ops(...args, "--json");
  expect({ code: run.code, stdout: run.stdout }, run.stderr).toEqual({ code: 1, stdout: "" });
  const { error } = z.parse(z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.optional(z.record(z.string(), z.unknown())) }) }), JSON.parse(run.stderr));
  expect(error.code).toBe(code);
  return error;
}

function usageError(run: OpsRun, ...words: string[]): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
  for (const word of words) expect(run.stderr).toContain(word);
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const memory = { source: "host", totalKiB: 4_194_304, balloonKiB: null, usedKiB: null, availableKiB: null, cacheKiB: null, rssKiB: 1_048_576 } as const;

/** What an agent on the host reports: its node and the domains it sees, each defined as given. */
function report(domains: { name: string; virtualization?: string; state?: string; balloon?: string | null; memoryKiB?: number | null; vcpus?: number | null; diskGiB?: number | null }[]) {
  return {
    node: { memoryKiB: 128 * 1024 * 1024, cpus: 32, agentVersion: "9.9.9" },
    domains: domains.map(({ name, virtualization = "kvm", state = "running", balloon = "virtio", memoryKiB = 4 * 1024 * 1024, vcpus = 2, diskGiB }) => ({
      name,
      virtualization,
      state,
      balloon,
      memory: virtualization === "kvm" ? memory : null,
      ...(memoryKiB === null && vcpus === null ? {} : { definition: { memoryKiB, vcpus, ...(diskGiB === undefined ? {} : { diskGiB }) } }),
    })),
  };
}

describe("help and usage", () => {
  // Help needs no database: this one does not exist.
  const offline = (...args: string[]) => runOps(args, { DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" });

  it("prints the whole tool's usage, every command listed, and exits 0", async () => {
    const run = await offline("--help");
    expect(run.code).toBe(0);
    for (const usage of ["host add <name> --uri <libvirt uri>", "host list", "host rotate-token <name>", "host remove <name>", "customer add <email> --name <name>", "customer list", "customer link <email>", "operator add <email> --name <name>", "token create --operator <email> --name <name>", "server import --host <name> --owner <email>", "server move <id> --owner <email>", "server list", "--json"]) {
      expect(run.stdout).toContain(usage);
    }
  });

  it("prints one command's help with its options", async () => {
    const run = await offline("server", "import", "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run ops -- server import --host <name> --owner <email>/);
    for (const option of ["--host <name>", "--owner <email>", "--domain <name[=server name]>", "--json"]) expect(run.stdout).toContain(option);
  });

  it("refuses an unknown command, an unknown option and a missing argument on stderr, with exit code 2", async () => {
    usageError(await offline("hosts", "list"), 'Unknown command "hosts"');
    usageError(await offline("host", "rename", "x"), 'Unknown command "host rename"', "add, list, rotate-token, remove");
    usageError(await offline("host", "list", "--colour"), "--colour", "Usage: npm run ops -- host list");
    usageError(await offline("host", "add", "node-1"), "Missing --uri");
    usageError(await offline("server", "move"), "Missing <id>, --owner");
  });

  it("refuses a database whose schema is behind, saying to migrate it, and changes nothing", async () => {
    const empty = await createScratchDatabase(inject("adminDatabaseUrl"), "operator_commands_empty");
    try {
      const run = await runOps(["host", "list"], { DATABASE_URL: empty.url });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/schema is behind .*npm run db:migrate/s);
    } finally {
      await empty.drop();
    }
  });
});

describe("hosts", () => {
  it("adds a host, prints its agent's token once, and keeps only the token's SHA-256", async () => {
    const run = await ops("host", "add", "fra1-node-01", "--uri", "qemu+ssh://root@fra1-node-01/system");
    expect(run.code, run.stderr).toBe(0);
    const token = /vpsa_[\w-]{43}/.exec(run.stdout)?.[0] ?? expect.fail(`no token in:\n${run.stdout}`);
    expect(count(run.stdout, token)).toBe(1);
    expect(run.stdout).toContain("npm run agent -- --host fra1-node-01 --uri qemu+ssh://root@fra1-node-01/system");
    const row = await db().host.findUniqueOrThrow({ where: { name: "fra1-node-01" } });
    expect(row.agentTokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    // Listed with everything but its token.
    const list = await ops("host", "list");
    expect(list.stdout).toMatch(/fra1-node-01\s+qemu\+ssh:\/\/root@fra1-node-01\/system\s+never/);
    expect(list.stdout).not.toContain(token);
  });

  it("answers the host and its token as JSON with --json", async () => {
    const { host, agentToken } = await json(hostWithTokenResponse, "host", "add", "fra1-node-02", "--uri", "qemu:///system");
    expect(host).toMatchObject({ name: "fra1-node-02", hypervisorUri: "qemu:///system", agentLastSeenAt: null, domains: null, servers: 0 });
    expect((await db().host.findUniqueOrThrow({ where: { name: "fra1-node-02" } })).agentTokenHash).toBe(sha256(agentToken));
  });

  it("refuses a URI that is not libvirt's, or that makes virsh run a program, and a name in use", async () => {
    usageError(await ops("host", "add", "node-x", "--uri", "http://node-x/"), "--uri must be a libvirt URI");
    usageError(await ops("host", "add", "node-x", "--uri", "qemu+ssh://node-x/system?command=/bin/sh"), "--uri must be a libvirt URI");
    usageError(await ops("host", "add", "bad name!", "--uri", "qemu:///system"), "<name> must be");
    expect(await db().host.count({ where: { name: { in: ["node-x", "bad name!"] } } })).toBe(0);
    await json(hostWithTokenResponse, "host", "add", "fra1-node-05", "--uri", "lxc:///");
    expect((await refusal("host_name_taken", "host", "add", "fra1-node-05", "--uri", "qemu:///system")).details).toEqual({ name: "fra1-node-05" });
  });

  it("lists what each host's agent last reported: when, its version, its domains and the node's memory", async () => {
    const { agentToken } = await json(hostWithTokenResponse, "host", "add", "fra1-node-03", "--uri", "qemu:///system");
    expect((await providerApi.report(bearer(agentToken), report([{ name: "a" }, { name: "b", virtualization: "lxc", balloon: null }]))).status).toBe(200);
    const { hosts } = await json(hostListResponse, "host", "list");
    expect(hosts.find((host) => host.name === "fra1-node-03")).toMatchObject({ agentVersion: "9.9.9", domains: 2, memoryKiB: 128 * 1024 * 1024, cpus: 32, servers: 0, agentLastSeenAt: expect.any(String) });
    expect((await ops("host", "list")).stdout).toMatch(/fra1-node-03\s+qemu:\/\/\/system\s+\d+ s ago\s+9\.9\.9\s+2\s+128 GiB\s+0/);
  });

  it("rotates a host's token: the old one is refused by the provider API at once, the new one taken", async () => {
    const { agentToken: old } = await json(hostWithTokenResponse, "host", "add", "fra1-node-04", "--uri", "qemu:///system");
    expect((await providerApi.report(bearer(old), { domains: [] })).status).toBe(200);
    const { agentToken: fresh } = await json(hostWithTokenResponse, "host", "rotate-token", "fra1-node-04");
    expect(fresh).not.toBe(old);
    expect((await providerApi.report(bearer(old), { domains: [] })).status).toBe(401);
    expect((await providerApi.report(bearer(fresh), { domains: [] })).status).toBe(200);
    expect((await db().host.findUniqueOrThrow({ where: { name: "fra1-node-04" } })).agentTokenHash).toBe(sha256(fresh));
  });

  it("says an unknown host is unknown", async () => {
    expect((await refusal("host_not_found", "host", "rotate-token", "no-such-node")).message).toBe("No host named no-such-node.");
    await refusal("host_not_found", "host", "remove", "no-such-node");
    const run = await ops("host", "remove", "no-such-node");
    expect(run).toMatchObject({ code: 1, stdout: "", stderr: "error: No host named no-such-node.\n" });
  });
});

describe("customers and operators", () => {
  it("adds a customer without a password and prints a one-time link whose token only the hash of is kept", async () => {
    const run = await ops("customer", "add", "Grace@Example.test", "--name", "Grace Hopper");
    expect(run.code, run.stderr).toBe(0);
    const url = new RegExp(`${BASE_URL}/welcome/vpsl_[\\w-]{43}`).exec(run.stdout)?.[0] ?? expect.fail(`no link in:\n${run.stdout}`);
    const token = url.split("/").pop() ?? "";
    // 32 random bytes: 256 bits.
    expect(Buffer.from(token.slice("vpsl_".length), "base64url")).toHaveLength(32);
    const user = await db().user.findUniqueOrThrow({ where: { email: "grace@example.test" }, include: { signInLinks: true } });
    expect(user).toMatchObject({ name: "Grace Hopper", role: "customer", passwordHash: null });
    expect(user.signInLinks).toMatchObject([{ tokenHash: sha256(token), usedAt: null, replacedAt: null }]);
    // 72 hours unless asked otherwise.
    const [link] = user.signInLinks;
    expect(Math.round(((link?.expiresAt.getTime() ?? 0) - (link?.createdAt.getTime() ?? 0)) / 3_600_000)).toBe(72);
    expect(await signInLinkStatus(token)).toMatchObject({ state: "valid", user: { email: "grace@example.test" } });
  });

  it("lets no password sign in to an account whose password is not set", async () => {
    for (const password of ["", "x", "correct horse battery staple", "null", "undefined"]) {
      const result = await signInWithPassword({ email: "grace@example.test", password, ip: "203.0.113.9", limits: { scope: "operator-commands", limits: { ...SIGN_IN_LIMITS, account: { points: 100, durationSeconds: 60, blockSeconds: 60 } } } });
      expect(result).toEqual({ ok: false, reason: "invalid_credentials" });
    }
  });

  it("refuses an address that is not one, and one that has an account already", async () => {
    usageError(await ops("customer", "add", "grace.example.test", "--name", "Grace"), "<email> must be an email address");
    usageError(await ops("customer", "add", "new@example.test", "--name", " "), "--name is required");
    usageError(await ops("customer", "add", "new@example.test", "--name", "New", "--valid-hours", "0"), "--valid-hours");
    const { details } = await refusal("email_taken", "customer", "add", "GRACE@example.test", "--name", "Grace again");
    expect(details).toEqual({ email: "grace@example.test" });
  });

  it("issues a fresh link, for --valid-hours, and the earlier one stops working", async () => {
    const first = await json(z.object({ customer: adminCustomerSchema, signInLink: signInLinkSchema }), "customer", "add", "linus@example.test", "--name", "Linus", "--base-url", "https://other.example.test/");
    expect(first.signInLink.url).toMatch(/^https:\/\/other\.example\.test\/welcome\/vpsl_/);
    const second = await json(z.object({ customer: adminCustomerSchema, signInLink: signInLinkSchema }), "customer", "link", "linus@example.test", "--valid-hours", "2");
    expect(second.signInLink.url).toMatch(new RegExp(`^${BASE_URL}/welcome/vpsl_`));
    expect(Date.parse(second.signInLink.expiresAt) - Date.now()).toBeGreaterThan(119 * 60_000);
    expect(Date.parse(second.signInLink.expiresAt) - Date.now()).toBeLessThanOrEqual(120 * 60_000);
    const token = (url: string) => url.split("/").pop() ?? "";
    expect(await signInLinkStatus(token(first.signInLink.url))).toEqual({ state: "replaced" });
    expect(await signInLinkStatus(token(second.signInLink.url))).toMatchObject({ state: "valid" });
    await refusal("customer_not_found", "customer", "link", "nobody@example.test");
  });

  it("lists the customers, with whether each has set a password", async () => {
    const { customers } = await json(customerListResponse, "customer", "list");
    expect(customers.map((customer) => [customer.email, customer.passwordSet])).toEqual([
      ["grace@example.test", false],
      ["linus@example.test", false],
    ]);
    expect((await ops("customer", "list")).stdout).toMatch(/grace@example\.test\s+Grace Hopper\s+not yet\s+0/);
  });

  it("adds an operator with a link, makes them an API token printed once that the admin API takes, and keeps its hash only", async () => {
    const added = await ops("operator", "add", "ops@example.test", "--name", "Olga Ops");
    expect(added.stdout).toMatch(new RegExp(`${BASE_URL}/welcome/vpsl_`));
    expect(await db().user.findUniqueOrThrow({ where: { email: "ops@example.test" } })).toMatchObject({ role: "operator", passwordHash: null });
    expect((await json(customerListResponse, "customer", "list")).customers.map((customer) => customer.email)).not.toContain("ops@example.test");

    const run = await ops("token", "create", "--operator", "ops@example.test", "--name", "ci", "--expires-in", "30");
    expect(run.code, run.stderr).toBe(0);
    const token = /vpsd_[\w-]{43}/.exec(run.stdout)?.[0] ?? expect.fail(`no token in:\n${run.stdout}`);
    expect(count(run.stdout, token)).toBe(1);
    const stored = await db().apiToken.findFirstOrThrow({ where: { user: { email: "ops@example.test" } } });
    expect(stored).toMatchObject({ name: "ci", tokenHash: sha256(token) });
    expect(Math.round(((stored.expiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000)).toBe(30);
    const answer = await adminListHosts(apiRequest("/api/admin/v1/hosts", { headers: bearer(token) }), routeContext());
    expect(answer.status).toBe(200);
    expect(z.parse(hostListResponse, await answer.json()).hosts.length).toBeGreaterThan(0);
  });

  it("makes operator tokens for operators only", async () => {
    await refusal("operator_not_found", "token", "create", "--operator", "grace@example.test", "--name", "ci");
    usageError(await ops("token", "create", "--operator", "ops@example.test", "--name", "ci", "--expires-in", "soon"), "--expires-in");
  });
});

describe("servers", () => {
  let agent: Record<string, string>;

  beforeAll(async () => {
    agent = bearer((await json(hostWithTokenResponse, "host", "add", "ams1-node-01", "--uri", "qemu:///system")).agentToken);
    await json(z.object({ customer: adminCustomerSchema }), "customer", "add", "ada@example.test", "--name", "Ada");
    await json(z.object({ customer: adminCustomerSchema }), "customer", "add", "bob@example.test", "--name", "Bob");
  }, 60_000);

  it("refuses to import before any agent has reported from the host, saying to start the agent", async () => {
    const { message } = await refusal("host_not_reported", "server", "import", "--host", "ams1-node-01", "--owner", "ada@example.test");
    expect(message).toContain("Start the host's agent (npm run agent -- --host ams1-node-01 --uri qemu:///system)");
  });

  it("refuses an unknown host or owner, and an owner that is not an email address", async () => {
    await refusal("host_not_found", "server", "import", "--host", "nowhere", "--owner", "ada@example.test");
    await refusal("customer_not_found", "server", "import", "--host", "ams1-node-01", "--owner", "nobody@example.test");
    await refusal("customer_not_found", "server", "import", "--host", "ams1-node-01", "--owner", "ops@example.test");
    usageError(await ops("server", "import", "--host", "ams1-node-01", "--owner", "ada"), "--owner must be an email address");
  });

  it("imports the reported domains, sized and ballooned as defined, skips what it cannot, and changes nothing the second time", async () => {
    const domains = report([
      { name: "web-1", diskGiB: 80 },
      { name: "db-1", balloon: "none", memoryKiB: 8 * 1024 * 1024, vcpus: 4, diskGiB: null },
      { name: "mail", virtualization: "lxc", state: "shutoff", balloon: null, memoryKiB: 1024 * 1024, vcpus: 1 },
      { name: "windows", virtualization: "other", balloon: null },
      { name: "unsized", memoryKiB: null, vcpus: null },
    ]);
    expect((await providerApi.report(agent, domains)).status).toBe(200);

    const first = await json(importServersResponse, "server", "import", "--host", "ams1-node-01", "--owner", "ada@example.test", "--domain", "web-1=Shop front", "--domain", "gone");
    expect(first.created).toMatchObject([{ name: "Shop front", domainName: "web-1", host: "ams1-node-01", owner: { email: "ada@example.test" }, virtualization: "kvm", memoryMiB: 4096, vcpus: 2, diskGiB: 80, image: "imported", status: "running", ballooningEnabled: true }]);
    expect(first.skipped).toMatchObject([{ domain: "gone", reason: "not_reported" }]);

    const second = await json(importServersResponse, "server", "import", "--host", "ams1-node-01", "--owner", "ada@example.test");
    // A disk the agent could not read (or an older agent's report without one) leaves the size unknown.
    expect(second.created.map((server) => [server.domainName, server.virtualization, server.memoryMiB, server.vcpus, server.diskGiB, server.status, server.ballooningEnabled])).toEqual([
      ["db-1", "kvm", 8192, 4, null, "running", false],
      ["mail", "lxc", 1024, 1, null, "stopped", false],
    ]);
    expect(second.skipped.map((skip) => [skip.domain, skip.reason])).toEqual([
      ["web-1", "already_imported"],
      ["windows", "unsupported_virtualization"],
      ["unsized", "no_memory_size"],
    ]);
    // What runs is what was chosen: nothing waits for a restart.
    const dbServer = await db().server.findFirstOrThrow({ where: { domainName: "db-1" } });
    expect(dbServer).toMatchObject({ ballooningEnabled: false, observedBalloon: "none", observedNextBalloon: "none", ranWithBalloon: "none" });

    const before = await db().server.count();
    const again = await ops("server", "import", "--host", "ams1-node-01", "--owner", "ada@example.test");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("Imported nothing for ada@example.test from ams1-node-01.");
    expect(again.stdout).toMatch(/web-1\s+already imported/);
    expect(again.stdout).toMatch(/db-1\s+already imported/);
    expect(again.stdout).toMatch(/windows\s+other virtualization/);
    expect(again.stdout).toMatch(/unsized\s+no memory size/);
    expect(await db().server.count()).toBe(before);
  });

  it("lists servers across customers, by host and by owner", async () => {
    const { servers } = await json(adminServerListResponse, "server", "list", "--host", "ams1-node-01");
    expect(servers.map((server) => server.domainName).sort()).toEqual(["db-1", "mail", "web-1"]);
    expect((await json(adminServerListResponse, "server", "list", "--owner", "bob@example.test")).servers).toEqual([]);
    await refusal("host_not_found", "server", "list", "--host", "nowhere");
    expect((await ops("server", "list", "--owner", "ada@example.test")).stdout).toMatch(/Shop front\s+ams1-node-01\s+web-1\s+ada@example\.test\s+kvm\s+4 GiB\s+2\s+running\s+on/);
  });

  it("gives a server to another customer", async () => {
    const server = await db().server.findFirstOrThrow({ where: { domainName: "web-1" } });
    const moved = await json(adminServerResponse, "server", "move", server.id, "--owner", "bob@example.test");
    expect(moved.server.owner.email).toBe("bob@example.test");
    expect((await db().server.findUniqueOrThrow({ where: { id: server.id }, include: { owner: true } })).owner.email).toBe("bob@example.test");
    await refusal("customer_not_found", "server", "move", server.id, "--owner", "nobody@example.test");
    await refusal("server_not_found", "server", "move", "00000000-0000-4000-8000-000000000000", "--owner", "bob@example.test");
  });

  it("refuses to remove a host while servers are on it, saying how many; removes it once none is", async () => {
    const { message, details } = await refusal("host_has_servers", "host", "remove", "ams1-node-01");
    expect(message).toBe("3 servers are still on ams1-node-01; a host can be removed only once none is.");
    expect(details).toEqual({ servers: 3 });
    const { host } = await json(hostResponse, "host", "remove", "fra1-node-02");
    expect(host.name).toBe("fra1-node-02");
    expect(await db().host.findUnique({ where: { name: "fra1-node-02" } })).toBeNull();
  });
});
