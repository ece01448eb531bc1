import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { AUDIT_KINDS } from "@/lib/audit/audit-event.ts";
import { hashPassword } from "@/lib/auth/password.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { kvmDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { isBallooning, readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { createSimulatedHypervisor, type SimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { startAgentProcess, type AgentProcess } from "../support/agent-process.ts";
import { CustomerTraffic, type Endpoint } from "../support/customer-traffic.ts";
import { buildDashboard, startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { signInOverHttp, signOutOverHttp } from "../support/http-session.ts";
import { isTrouble, logRecords, parseLogRecord, type LogRecord } from "../support/log-records.ts";

// The provider's set-up: two dashboard instances behind one proxy on one PostgreSQL, and two host
// agents per host for failover, each agent talking to a different instance. A customer signs in on
// one instance and drives 100 ballooning changes and restarts across 20 servers through both; one
// agent is killed (SIGKILL) part-way, and its partner must take over what it held once the lease
// lapses. Every accepted action must end exactly once, no server may restart twice for one action,
// and every server must end running with the balloon its customer chose.

const HOSTS = 2;
const SERVERS_PER_HOST = 10;
const ACTIONS_PER_SERVER = 5;
const LEASE_MS = 4_000;
/** The agent killed part-way holds at least this many actions. */
const KILL_HOLDING = 3;
/** The instances sit behind one HTTPS proxy: the customer's browser sees one site. */
const PROXY = { "x-forwarded-proto": "https", "x-forwarded-host": "panel.example.test" };
const ORIGIN = "https://panel.example.test";

type Instance = Endpoint & { app: RunningDashboard };
type TestServer = { id: string; domainName: string; host: TestHost; startsBefore: number; ballooning: boolean };
type TestHost = { name: string; simulator: SimulatedHypervisor; agents: AgentProcess[] };

const secret = randomBytes(32).toString("base64url");
const customer = { email: "two-instances@example.test", password: "two instances, one database" };
let database: ScratchDatabase;
let nodeDir: string;
const instances: Instance[] = [];
const hosts: TestHost[] = [];
const servers: TestServer[] = [];

beforeAll(async () => {
  await buildDashboard();
  database = await createScratchDatabase(inject("adminDatabaseUrl"), "two_instances");
  // This file's own database, which the test reads and writes too.
  process.env.DATABASE_URL = database.url;
  // The hypervisor nodes' disk: both agents of a host share its simulated state file.
  nodeDir = await mkdtemp(path.join(os.tmpdir(), "two-instances-node-"));
  await chmod(nodeDir, 0o755);
  // Both start at once, each applying the migrations to the empty database: the migration lock decides.
  const env = { DATABASE_URL: database.url, NEXTAUTH_SECRET: secret, DASHBOARD_BUILTIN_AGENTS: "0", ACTION_LEASE_MS: String(LEASE_MS) };
  const [a, b] = await Promise.all([startDashboard(env), startDashboard(env)]);
  for (const [name, app] of [["A", a], ["B", b]] as const) instances.push({ name, app, baseUrl: app.baseUrl, requests: 0, queued: 0 });

  const owner = await db().user.create({ data: { email: customer.email, name: "Two Instances", passwordHash: await hashPassword(customer.password) } });
  for (let h = 0; h < HOSTS; h++) {
    const name = `node-${h}-${randomBytes(3).toString("hex")}`;
    const hostRow = await db().host.create({ data: { name, hypervisorUri: `simulated:///${name}` } });
    const host: TestHost = { name, simulator: createSimulatedHypervisor({ uri: hostRow.hypervisorUri, dataDir: nodeDir }), agents: [] };
    for (let s = 0; s < SERVERS_PER_HOST; s++) {
      const domainName = `vps-${h}-${s}`;
      await host.simulator.defineXml(kvmDomainXml({ name: domainName, memoryMiB: 1024, vcpus: 1, ballooning: true }));
      await host.simulator.start(domainName);
      const { id } = await db().server.create({
        data: {
          ...{ ownerId: owner.id, hostId: hostRow.id, name: `server-${h}-${s}`, domainName, virtualization: "kvm", memoryMiB: 1024, vcpus: 1, image: "debian-12" },
          ...{ status: "running", ballooningEnabled: true, observedBalloon: "virtio", ranWithBalloon: "virtio" },
        },
      });
      servers.push({ id, domainName, host, startsBefore: await host.simulator.startCount(domainName), ballooning: true });
    }
    // One token per host, held by both of its agents; each agent talks to a different instance.
    const token = await issueAgentToken(name);
    for (const instance of instances) {
      const args = ["--report-every", "2", "--shutdown-timeout", "20"];
      host.agents.push(startAgentProcess({ label: `${name}→${instance.name}`, host: hostRow, token, dashboardUrl: instance.baseUrl, dataDir: nodeDir, args }));
    }
    hosts.push(host);
  }
  // Disabling ballooning is admitted against the node's memory, which the agents' first reports bring.
  await vi.waitFor(
    async () => {
      const unreported = await db().host.count({ where: { name: { in: hosts.map((host) => host.name) }, memoryKiB: null } });
      if (unreported > 0) throw new Error(`${unreported} hosts have not reported their memory yet`);
    },
    { timeout: 60_000, interval: 250 },
  );
}, 600_000);

afterAll(async () => {
  await Promise.all(hosts.flatMap((host) => host.agents.map((agent) => agent.kill("SIGTERM"))));
  await Promise.all(instances.map((instance) => instance.app.stop()));
  await db().$disconnect();
  await database?.drop();
  if (nodeDir) await rm(nodeDir, { recursive: true, force: true });
});

describe("two dashboard instances on one database, two agents per host", () => {
  it("ends each of 100 actions exactly once, with one restart each, through an agent killed part-way", { timeout: 300_000 }, async () => {
    const started = Date.now();
    const [a, b] = instances as [Instance, Instance];
    const cookie = (await signInOverHttp(a.baseUrl, customer.email, customer.password, PROXY)) ?? "";
    expect(cookie).toMatch(/^__Secure-next-auth\.session-token=/);
    // Signed in on A, the session is used on both.
    const headers = { ...PROXY, origin: ORIGIN, cookie };
    const traffic = new CustomerTraffic(headers);

    // Each server gets five requests one after the other, ballooning changes and restarts in turn,
    // sent through either instance and watched through the other.
    const driveServer = async (server: TestServer, index: number) => {
      for (let step = 0; step < ACTIONS_PER_SERVER; step++) {
        const [via, watcher] = (index + Math.floor(step / 2)) % 2 === 0 ? [a, b] : [b, a];
        const kind = (index + step) % 2 === 0 ? "ballooning" : "restart";
        await traffic.request(server, { kind, via, watcher, mode: (index + step) % 4 === 1 ? "graceful" : "force" });
      }
    };
    let driven = false;
    const killed = killOneAgentPartWay(traffic.accepted, () => driven);
    killed.catch(() => undefined); // awaited below, once the customer is done
    await Promise.all(servers.map(driveServer)).finally(() => (driven = true));
    const { agent: victim, held } = await killed;
    const seconds = (Date.now() - started) / 1000;

    const ids = [...traffic.accepted.keys()];
    const actions = await db().action.findMany({ where: { id: { in: ids } } });
    const failed = actions.filter((action) => action.status === "error");
    const agents = hosts.flatMap((host) => host.agents);
    const partner = agents.find((agent) => agent !== victim && hosts.some((host) => host.agents.includes(agent) && host.agents.includes(victim)));
    const takenOver = held.filter((id) => partner?.claims.some((claim) => claim.id === id && claim.attempt >= 2));
    const through = (instance: Instance) => agents.filter((agent) => agent.dashboardUrl === instance.baseUrl);
    const count = (list: AgentProcess[], what: (agent: AgentProcess) => number) => list.reduce((sum, agent) => sum + what(agent), 0);
    const kinds = [...traffic.accepted.values()].map((action) => action.kind);
    console.log(
      [
        `two instances on one database, ${HOSTS} hosts × ${SERVERS_PER_HOST} servers, two agents per host, ${LEASE_MS / 1000} s leases`,
        `  actions: ${ids.length} accepted (${kinds.filter((kind) => kind === "ballooning").length} ballooning, ${kinds.filter((kind) => kind === "restart").length} restarts), ${traffic.refused.length} refused; ${actions.length - failed.length} success, ${failed.length} error${failed.length ? ` (${failed.map((action) => action.errorCode).join(", ")})` : ""}`,
        ...instances.map(
          (instance) =>
            `  instance ${instance.name}: ${instance.queued} actions queued, ${instance.requests} customer requests; its agents claimed ${count(through(instance), (agent) => agent.claims.length)}, completed ${count(through(instance), (agent) => agent.completed.size)}`,
        ),
        `  killed ${victim.label} holding ${held.length} actions; ${takenOver.length} taken over by ${partner?.label}; resumed by a later attempt in all: ${actions.filter((action) => action.attempts > 1).length}`,
        `  queued → claimed: ${percentiles(actions.map((action) => (action.startedAt?.getTime() ?? NaN) - action.createdAt.getTime()))}; claimed → ended: ${percentiles(actions.map((action) => (action.finishedAt?.getTime() ?? NaN) - (action.startedAt?.getTime() ?? NaN)))}`,
        `  duration: ${seconds.toFixed(1)} s`,
      ].join("\n"),
    );

    // Every request was accepted as asked, and every accepted action ended exactly once.
    expect(traffic.refused).toEqual([]);
    expect(ids).toHaveLength(servers.length * ACTIONS_PER_SERVER);
    expect(actions).toHaveLength(ids.length);
    expect(await db().action.count()).toBe(ids.length);
    expect(await db().action.findMany({ where: { status: { in: ["queued", "running"] } }, select: { id: true, status: true } })).toEqual([]);
    const endings = await db().$queryRaw<{ action_id: string; endings: number }[]>`
      SELECT data->>'actionId' AS action_id, count(*)::int AS endings FROM audit_events WHERE kind IN ('action.success', 'action.error') GROUP BY 1`;
    expect(endings.filter((row) => row.endings !== 1)).toEqual([]);
    expect(endings).toHaveLength(ids.length);
    for (const action of failed) expect({ code: action.errorCode, message: action.errorMsg }).toEqual({ code: expect.any(String), message: expect.stringMatching(/\S/) });

    // The killed agent's actions were taken over by its partner once their leases lapsed (a call it
    // sent just before it died may have ended one itself).
    expect(takenOver.length).toBeGreaterThan(0);
    for (const id of held) {
      const action = actions.find((candidate) => candidate.id === id);
      expect({ id, takenOver: takenOver.includes(id) }).toEqual({ id, takenOver: (action?.attempts ?? 0) > 1 });
    }

    for (const server of servers) {
      const { simulator } = server.host;
      const mine = actions.filter((action) => action.serverId === server.id);
      const successes = mine.filter((action) => action.status === "success");
      // No restart done twice: a successful action started its server once; a failed one at most twice (its undo).
      const starts = (await simulator.startCount(server.domainName)) - server.startsBefore;
      const failures = mine.length - successes.length;
      if (failures === 0) expect({ server: server.domainName, starts }).toEqual({ server: server.domainName, starts: successes.length });
      else expect(starts >= successes.length && starts <= successes.length + 2 * failures).toBe(true);

      // It runs with the balloon its customer chose, and the dashboard says so.
      const wanted = server.ballooning ? "virtio" : "none";
      expect(await simulator.domainState(server.domainName)).toBe("running");
      const definitions = await Promise.all((["live", "persistent"] as const).map((flavour) => simulator.domainXml(server.domainName, flavour)));
      expect(definitions.map((xml) => isBallooning(readBalloon(xml)))).toEqual([server.ballooning, server.ballooning]);
      const record = await db().server.findUniqueOrThrow({ where: { id: server.id } });
      expect([record.ballooningEnabled, record.observedBalloon, record.observedNextBalloon, record.status]).toEqual([server.ballooning, wanted, wanted, "running"]);
      // Each applied change is marked once on its memory chart: the two agents' reports never flip it back and forth.
      const markers = await db().auditEvent.count({ where: { serverId: server.id, kind: AUDIT_KINDS.ballooningApplied } });
      expect({ server: server.domainName, markers }).toEqual({ server: server.domainName, markers: successes.filter((action) => action.command === "apply_settings").length });
    }

    // Both instances served the customer and agents.
    for (const instance of instances) {
      expect(instance.queued).toBeGreaterThan(0);
      expect(count(through(instance), (agent) => agent.completed.size)).toBeGreaterThan(0);
    }

    // Nothing went wrong that agents retried past: no warning or error in an agent's log (a failed
    // claim, report or call; an agent that lost a lease stops quietly, as its partner takes over), and
    // none in either instance's log but the killed agent's own request, cut off as it died (its
    // failure and its request's line, under one request id). Lines that are not log records (Next's
    // own, a stack) count when they speak of an error.
    const cutOff = (instance: Instance, records: LogRecord[]) =>
      new Set(instance.baseUrl === victim.dashboardUrl ? records.filter((record) => (record.err as { message?: string } | undefined)?.message === "aborted").map((record) => record.requestId) : []);
    const otherTroubles = (lines: string[]) => lines.filter((line) => !parseLogRecord(line) && /error|failed|refused|breach/i.test(line));
    const troubles = [
      ...agents.flatMap((agent) => agent.records.filter((record) => isTrouble(record) && record.outcome !== "lease_lost").map((record) => `${agent.label}: ${record.msg}`)),
      ...agents.flatMap((agent) => otherTroubles(agent.lines).map((line) => `${agent.label}: ${line}`)),
      ...instances.flatMap((instance) => {
        const output = instance.app.output();
        const records = logRecords(output);
        const aborted = cutOff(instance, records);
        return [...records.filter((record) => isTrouble(record) && !aborted.has(record.requestId)).map((record) => JSON.stringify(record)), ...otherTroubles(output.split("\n"))].map(
          (line) => `instance ${instance.name}: ${line}`,
        );
      }),
    ];
    expect(troubles).toEqual([]);

    // Signed out on B, the session ends on A at once: sessions are rows, not an instance's memory.
    await signOutOverHttp(b.baseUrl, cookie, PROXY);
    expect((await fetch(`${a.baseUrl}/api/v1/servers`, { headers })).status).toBe(401);
  });
});

describe("sign-in limits on two instances", () => {
  it("counts an account's failed sign-ins on both instances together", { timeout: 60_000 }, async () => {
    const target = { email: "two-instances-target@example.test", password: "the right one" };
    await db().user.create({ data: { email: target.email, name: "Target", passwordHash: await hashPassword(target.password) } });
    const [a, b] = instances as [Instance, Instance];
    // Five wrong passwords, three through A and two through B: the account's limit from unknown browsers.
    for (const instance of [a, b, a, b, a]) expect(await signInError(instance.baseUrl, target.email, "a wrong guess")).toBe("invalid_credentials");
    expect(await signInError(b.baseUrl, target.email, target.password)).toBe("too_many_attempts");
  });
});

/** The error code of a sign-in as the form sends it (null when it succeeded). */
async function signInError(baseUrl: string, email: string, password: string): Promise<string | null> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: PROXY });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...PROXY, "content-type": "application/x-www-form-urlencoded", cookie: csrf.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const { url = "" } = (await response.json()) as { url?: string };
  return new URL(url, baseUrl).searchParams.get("error");
}

/**
 * Once a third of the actions are accepted, SIGKILLs the first host's agent that holds the most
 * actions (at least KILL_HOLDING), and answers which it held.
 */
async function killOneAgentPartWay(accepted: ReadonlyMap<string, unknown>, over: () => boolean): Promise<{ agent: AgentProcess; held: string[] }> {
  const threshold = (servers.length * ACTIONS_PER_SERVER) / 3;
  for (;;) {
    await sleep(50);
    if (over()) throw new Error(`every action was driven before an agent could be killed holding ${KILL_HOLDING} of them`);
    if (accepted.size < threshold) continue;
    const [agent] = [...(hosts[0]?.agents ?? [])].sort((x, y) => y.inFlight().length - x.inFlight().length);
    const held = agent?.inFlight() ?? [];
    if (!agent || held.length < KILL_HOLDING) continue;
    await agent.kill("SIGKILL");
    return { agent, held };
  }
}

/** p50, p95 and the longest of some milliseconds, for the summary. */
function percentiles(values: number[]): string {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  const at = (share: number) => `${((sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? NaN) / 1000).toFixed(1)} s`;
  return `p50 ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)}`;
}
