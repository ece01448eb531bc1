import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { db } from "@/lib/db/client.ts";
import { restartServer } from "@/lib/servers/restart-server.ts";
import { createAgentHost, customerActor, providerApi } from "@/tests/support/agents.ts";
import { createServer, createUser, sessionCookieFor } from "@/tests/support/factories.ts";
import { bearer, expectError, fieldsNamed } from "@/tests/support/http.ts";

type Headers = Record<string, string>;
type AgentHost = Awaited<ReturnType<typeof createAgentHost>>;

let actor: Actor;
let customer: { cookie: Headers; token: Headers };

beforeAll(async () => {
  const user = await createUser();
  actor = customerActor(user);
  customer = {
    cookie: { cookie: await sessionCookieFor(user), origin: "http://localhost", host: "localhost" },
    token: bearer((await createApiToken({ userId: user.id, name: "not-an-agent" })).token),
  };
});

const serverOn = (agent: AgentHost) => createServer({ ownerId: actor.userId, hostId: agent.host.id });
const queueRestart = async (agent: AgentHost) => {
  const server = await serverOn(agent);
  return { server, actionId: (await restartServer({ actor, serverId: server.id })).id };
};
const claim = async (agent: AgentHost, body: unknown = { max: 50 }) => {
  const response = await providerApi.claim(agent.headers, body);
  expect(response.status).toBe(200);
  return ((await response.json()) as { actions: ClaimedAction[] }).actions;
};
const claimOne = async (agent: AgentHost) => (await claim(agent, {}))[0] ?? expect.fail("nothing to claim");
const memory = { source: "host", totalKiB: 4_194_304, balloonKiB: null, usedKiB: null, availableKiB: null, cacheKiB: null, rssKiB: 1_048_576 };
const domain = (name: string, extra: Record<string, unknown> = {}) => ({ name, state: "running", virtualization: "kvm", balloon: "virtio", memory, ...extra });

describe("authentication", () => {
  const everyRoute = (headers: Headers) => {
    const id = randomUUID();
    return Promise.all([
      providerApi.claim(headers, {}),
      providerApi.progress(id, headers, { lease: "x" }),
      providerApi.complete(id, headers, { lease: "x", status: "success" }),
      providerApi.report(headers, { domains: [] }),
    ]);
  };

  it("answers 401 on every route without credentials or with an unknown agent token", async () => {
    for (const headers of [{}, bearer(`vpsa_${"A".repeat(43)}`)]) {
      for (const response of await everyRoute(headers)) await expectError(response, 401, "unauthorized");
    }
  });

  it("answers 403 to a customer's session cookie and to a personal API token", async () => {
    for (const headers of [customer.cookie, customer.token]) {
      for (const response of await everyRoute(headers)) await expectError(response, 403, "forbidden");
    }
  });
});

describe("a host's reach", () => {
  it("claims only its own host's actions, each with the domain, the desired settings and a lease", async () => {
    const [a, b] = await Promise.all([createAgentHost(), createAgentHost()]);
    const [mine, theirs] = await Promise.all([queueRestart(a), queueRestart(b)]);
    const claimed = await claim(a);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({
      id: mine.actionId, command: "restart", attempt: 1, params: { mode: "graceful" },
      server: { id: mine.server.id, domainName: mine.server.domainName }, desired: { ballooning: true },
    });
    expect(Date.parse(claimed[0]?.lease.expiresAt ?? "")).toBeGreaterThan(Date.now());
    expect((await db().action.findUniqueOrThrow({ where: { id: theirs.actionId } })).status).toBe("queued");
  });

  it("answers 404 to progress and completion of another host's action, exactly as for a missing one", async () => {
    const [a, b] = await Promise.all([createAgentHost(), createAgentHost()]);
    const { actionId } = await queueRestart(b);
    const { lease } = await claimOne(b);
    const missing = await expectError(await providerApi.progress(randomUUID(), a.headers, { lease: lease.id }), 404, "action_not_found");
    const progress = await providerApi.progress(actionId, a.headers, { lease: lease.id, step: "shutdown", progress: 50 });
    expect(await expectError(progress, 404, "action_not_found")).toStrictEqual(missing);
    await expectError(await providerApi.complete(actionId, a.headers, { lease: lease.id, status: "error" }), 404, "action_not_found");
    expect(await db().action.findUniqueOrThrow({ where: { id: actionId } })).toMatchObject({ status: "running", progress: 0 });
  });
});

describe("POST /api/provider/v1/report", () => {
  it("records known domains' balloons, memory and the host's contact, ignoring domains it does not know", async () => {
    const [a, b] = await Promise.all([createAgentHost(), createAgentHost()]);
    const [server, foreign] = await Promise.all([serverOn(a), serverOn(b)]);
    const before = new Date();
    const report = { domains: [domain(server.domainName, { state: "paused", pendingBalloon: "none" }), domain("operator-vm"), domain(foreign.domainName)] };
    const response = await providerApi.report(a.headers, report);
    expect({ status: response.status, body: await response.json() }).toStrictEqual({ status: 200, body: { recorded: 1, ignored: 2 } });

    const row = await db().server.findUniqueOrThrow({ where: { id: server.id } });
    expect(row).toMatchObject({ status: "stopped", observedBalloon: "virtio", observedNextBalloon: "none" });
    expect(row.observedAt?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    const samples = await db().memorySample.findMany({ where: { serverId: server.id } });
    expect(samples.map(({ source, totalKiB, balloonKiB, usedKiB, availableKiB, cacheKiB, rssKiB }) => ({ source, totalKiB, balloonKiB, usedKiB, availableKiB, cacheKiB, rssKiB })))
      .toStrictEqual([{ source: "host", totalKiB: 4_194_304n, balloonKiB: null, usedKiB: null, availableKiB: null, cacheKiB: null, rssKiB: 1_048_576n }]);
    expect((await db().host.findUniqueOrThrow({ where: { id: a.host.id } })).lastSeenAt?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1_000);
    expect(await db().server.findUniqueOrThrow({ where: { id: foreign.id } })).toStrictEqual(foreign);
    expect(await db().memorySample.count({ where: { serverId: foreign.id } })).toBe(0);
  });

  it("leaves the status of a server whose action is running, while still recording its balloon", async () => {
    const a = await createAgentHost();
    const { server } = await queueRestart(a);
    await claimOne(a);
    const response = await providerApi.report(a.headers, { domains: [domain(server.domainName, { state: "shutoff", balloon: "none", memory: null })] });
    expect(response.status).toBe(200);
    expect(await db().server.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({ status: "restarting", observedBalloon: "none" });
  });
});

describe("input", () => {
  it.each([
    ["claim", "waitMs over 30000 and an unknown field", { waitMs: 30_001, speed: "fast" }, ["speed", "waitMs"]],
    ["claim", "max 0", { max: 0 }, ["max"]],
    ["report", "negative KiB", { domains: [domain("d", { memory: { ...memory, totalKiB: -1, rssKiB: -5 } })] }, ["domains.0.memory.rssKiB", "domains.0.memory.totalKiB"]],
    ["report", "unknown fields and an unknown state", { domains: [domain("d", { colour: "red", state: "asleep" })], extra: true }, ["domains.0.colour", "domains.0.state", "extra"]],
    ["progress", "progress over 100 and an unknown field", { lease: "x", progress: 101, note: "hi" }, ["note", "progress"]],
    ["complete", "no lease and an unknown status", { status: "done" }, ["lease", "status"]],
  ] as const)("answers 400 naming each bad field of a %s body with %s", async (route, _label, body, fields) => {
    const agent = await createAgentHost();
    const id = randomUUID();
    const calls = {
      claim: () => providerApi.claim(agent.headers, body),
      report: () => providerApi.report(agent.headers, body),
      progress: () => providerApi.progress(id, agent.headers, body),
      complete: () => providerApi.complete(id, agent.headers, body),
    };
    expect(fieldsNamed(await expectError(await calls[route](), 400, "invalid_input"))).toStrictEqual(fields);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const agent = await createAgentHost();
    await expectError(await providerApi.report(agent.headers, "{ domains: "), 400, "invalid_input");
  });
});

describe("leases over the provider API", () => {
  it("answers 409 to progress and completion under a lease another claim has taken over", async () => {
    const agent = await createAgentHost();
    const { actionId } = await queueRestart(agent);
    const stale = await claimOne(agent);
    await db().$executeRaw`UPDATE actions SET lease_until = now() - interval '1 second' WHERE id = ${actionId}::uuid`;
    const fresh = await claimOne(agent);
    expect(fresh).toMatchObject({ id: actionId, attempt: 2 });
    await expectError(await providerApi.progress(actionId, agent.headers, { lease: stale.lease.id, step: "shutdown", progress: 50 }), 409, "lease_lost");
    await expectError(await providerApi.complete(actionId, agent.headers, { lease: stale.lease.id, status: "success" }), 409, "lease_lost");
    expect((await providerApi.progress(actionId, agent.headers, { lease: fresh.lease.id, step: "shutdown", progress: 50 })).status).toBe(200);
    const done = await providerApi.complete(actionId, agent.headers, { lease: fresh.lease.id, status: "success", observed: { state: "running", balloon: "virtio" } });
    expect({ status: done.status, body: await done.json() }).toMatchObject({ status: 200, body: { action: { status: "success", progress: 100 } } });
  });
});
