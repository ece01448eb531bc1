import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { LEASE_MS } from "@/lib/actions/leases.ts";
import { reportProgress } from "@/lib/actions/report-progress.ts";
import { AUDIT_KINDS } from "@/lib/audit/audit-event.ts";
import { db } from "@/lib/db/client.ts";
import { setBallooning } from "@/lib/servers/set-ballooning.ts";
import { createAgentHost, customerActor, providerApi } from "@/tests/support/agents.ts";
import { createServer, createUser } from "@/tests/support/factories.ts";
import { expectError, fieldsNamed } from "@/tests/support/http.ts";

// What agents report is the truth only as of when they saw it: a late report or a second agent's
// cached XML never undoes a newer observation, times from agents' clocks are checked, and leases
// run on one clock, the database's.

type AgentHost = Awaited<ReturnType<typeof createAgentHost>>;

const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const report = (agent: AgentHost, domains: unknown[]) => providerApi.report(agent.headers, { domains });
const domain = (name: string, extra: Record<string, unknown>) => ({ name, state: "running", virtualization: "kvm", balloon: "virtio", memory: null, ...extra });
const serverRow = (id: string) => db().server.findUniqueOrThrow({ where: { id } });

async function serverWithAgent() {
  const agent = await createAgentHost();
  const owner = await createUser();
  const server = await createServer({ ownerId: owner.id, hostId: agent.host.id });
  return { agent, owner, server };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("observations that arrive late", () => {
  it("never let a second agent's cached XML undo what a completion just recorded", async () => {
    const { agent, owner, server } = await serverWithAgent();
    await setBallooning({ actor: customerActor(owner), serverId: server.id, enabled: false });
    const response = await providerApi.claim(agent.headers, {});
    const [action] = ((await response.json()) as { actions: ClaimedAction[] }).actions;
    if (!action) throw new Error("nothing claimed");
    const done = await providerApi.complete(action.id, agent.headers, {
      lease: action.lease.id,
      status: "success",
      observed: { state: "running", balloon: "none", pendingBalloon: "none", at: iso(0), definitionsAt: iso(0) },
    });
    expect(done.status).toBe(200);

    // The idle agent read the XML a minute ago, before the restart; its state is fresh.
    expect((await report(agent, [domain(server.domainName, { pendingBalloon: "virtio", at: iso(1_000), definitionsAt: iso(-60_000) })])).status).toBe(200);

    expect(await serverRow(server.id)).toMatchObject({ observedBalloon: "none", observedNextBalloon: "none", ballooningEnabled: false, status: "running" });
    const markers = await db().auditEvent.findMany({ where: { serverId: server.id, kind: AUDIT_KINDS.ballooningApplied } });
    expect(markers.map((event) => event.data)).toEqual([{ enabled: false, from: "virtio", to: "none" }]);
  });

  it("let the completion end 'restarting' even when a report during the action saw the domain a moment later", async () => {
    const { agent, owner, server } = await serverWithAgent();
    await setBallooning({ actor: customerActor(owner), serverId: server.id, enabled: false });
    const [action] = ((await (await providerApi.claim(agent.headers, {})).json()) as { actions: ClaimedAction[] }).actions;
    if (!action) throw new Error("nothing claimed");
    expect(await serverRow(server.id)).toMatchObject({ status: "restarting" });
    // The report loop runs beside the action: it saw the domain after the action's last look.
    expect((await report(agent, [domain(server.domainName, { balloon: "none", pendingBalloon: "none", at: iso(2_000), definitionsAt: iso(2_000) })])).status).toBe(200);
    expect(await serverRow(server.id)).toMatchObject({ status: "restarting" });
    const done = await providerApi.complete(action.id, agent.headers, {
      lease: action.lease.id,
      status: "success",
      observed: { state: "running", balloon: "none", pendingBalloon: "none", at: iso(0), definitionsAt: iso(0) },
    });
    expect(done.status).toBe(200);
    expect(await serverRow(server.id)).toMatchObject({ status: "running", observedBalloon: "none" });
  });

  it("keep the newer power state when an older report arrives after it", async () => {
    const { agent, server } = await serverWithAgent();
    expect((await report(agent, [domain(server.domainName, { state: "running", at: iso(-1_000), definitionsAt: iso(-1_000) })])).status).toBe(200);
    expect((await report(agent, [domain(server.domainName, { state: "shutoff", at: iso(-5_000), definitionsAt: iso(-5_000) })])).status).toBe(200);
    expect(await serverRow(server.id)).toMatchObject({ status: "running" });
  });

  it("take a newer report's definitions and state", async () => {
    const { agent, server } = await serverWithAgent();
    expect((await report(agent, [domain(server.domainName, { at: iso(-5_000), definitionsAt: iso(-5_000) })])).status).toBe(200);
    expect((await report(agent, [domain(server.domainName, { state: "shutoff", balloon: "none", at: iso(-1_000), definitionsAt: iso(-1_000) })])).status).toBe(200);
    expect(await serverRow(server.id)).toMatchObject({ status: "stopped", observedBalloon: "none" });
  });
});

describe("times from an agent's clock", () => {
  const memory = { source: "host", totalKiB: 1_048_576, balloonKiB: null, usedKiB: null, availableKiB: null, cacheKiB: null, rssKiB: 524_288 };

  it.each([
    ["a sample ten minutes ahead", { memory: { ...memory, at: iso(10 * 60_000) } }, "domains.0.memory.at", /future/],
    ["a sample older than raw samples are kept", { memory: { ...memory, at: iso(-25 * 60 * 60_000) } }, "domains.0.memory.at", /older/],
    ["an observation from the future", { at: iso(5 * 60_000) }, "domains.0.at", /future/],
    ["definitions read in the future", { definitionsAt: iso(5 * 60_000) }, "domains.0.definitionsAt", /future/],
  ])("refuses %s with a 400 naming the field, recording nothing", async (_label, extra, field, why) => {
    const { agent, server } = await serverWithAgent();
    const before = await serverRow(server.id);
    const error = await expectError(await report(agent, [domain(server.domainName, extra)]), 400, "invalid_input");
    expect(fieldsNamed(error)).toEqual([field]);
    expect(error.details?.fields).toEqual([{ field, message: expect.stringMatching(why) }]);
    expect(await serverRow(server.id)).toStrictEqual(before);
    expect(await db().memorySample.count({ where: { serverId: server.id } })).toBe(0);
  });

  it("accepts a sample a few seconds ahead, as a drifting clock gives", async () => {
    const { agent, server } = await serverWithAgent();
    expect((await report(agent, [domain(server.domainName, { memory: { ...memory, at: iso(5_000) } })])).status).toBe(200);
  });
});

describe("leases", () => {
  it("are renewed on the database's clock, whatever the app's clock says", async () => {
    const { agent, owner, server } = await serverWithAgent();
    await setBallooning({ actor: customerActor(owner), serverId: server.id, enabled: false });
    const [action] = ((await (await providerApi.claim(agent.headers, {})).json()) as { actions: ClaimedAction[] }).actions;
    if (!action) throw new Error("nothing claimed");
    // This app instance's clock runs an hour fast.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60 * 60_000 });
    await reportProgress({ hostId: agent.host.id, actionId: action.id, lease: action.lease.id });
    vi.useRealTimers();
    const [row] = await db().$queryRaw<{ lease_ms: number; heartbeat_lag_ms: number }[]>`
      SELECT (extract(epoch FROM lease_until - now()) * 1000)::float8 AS lease_ms, (extract(epoch FROM now() - heartbeat_at) * 1000)::float8 AS heartbeat_lag_ms
      FROM actions WHERE id = ${action.id}::uuid`;
    expect(row?.lease_ms).toBeLessThanOrEqual(LEASE_MS);
    expect(row?.lease_ms).toBeGreaterThan(LEASE_MS - 5_000);
    expect(Math.abs(row?.heartbeat_lag_ms ?? Infinity)).toBeLessThan(5_000);
  });
});
