import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { claimActions } from "@/lib/actions/claim-actions.ts";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { claimWithWait } from "@/lib/actions/claim-with-wait.ts";
import { completeAction } from "@/lib/actions/complete-action.ts";
import { reportProgress } from "@/lib/actions/report-progress.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { recordReport } from "@/lib/hosts/record-report.ts";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { restartServer } from "@/lib/servers/restart-server.ts";
import { setBallooning } from "@/lib/servers/set-ballooning.ts";
import { customerActor } from "@/tests/support/agents.ts";
import { createHost, createServer, createUser } from "@/tests/support/factories.ts";

let actor: Actor;

beforeAll(async () => {
  const user = await createUser();
  actor = customerActor(user);
});

/** A host of the test's own with `count` servers, each with a queued restart. */
async function hostWithQueuedRestarts(count: number) {
  const host = await createHost();
  const actionIds: string[] = [];
  const serverIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const server = await createServer({ ownerId: actor.userId, hostId: host.id });
    serverIds.push(server.id);
    actionIds.push((await restartServer({ actor, serverId: server.id })).id);
  }
  return { hostId: host.id, actionIds, serverIds };
}
const claimOne = async (hostId: string): Promise<ClaimedAction> => (await claimActions({ hostId }))[0] ?? expect.fail("nothing to claim");
const expireLease = (actionId: string) => db().$executeRaw`UPDATE actions SET lease_until = now() - interval '1 second' WHERE id = ${actionId}::uuid`;
const actionRow = (id: string) => db().action.findUniqueOrThrow({ where: { id }, include: { steps: { orderBy: { position: "asc" } } } });
const stepStatuses = async (id: string) => Object.fromEntries((await actionRow(id)).steps.map((step) => [step.name, step.status]));
/** The audit events that ended an action: exactly one, whoever ended it. */
const endings = async (actionId: string) =>
  (await db().auditEvent.findMany({ where: { kind: { in: ["action.success", "action.error"] }, data: { path: ["actionId"], equals: actionId } } })).map((event) => {
    const { error } = event.data as { error: { code: string; message: string } | null };
    return { kind: event.kind, code: error?.code, message: error?.message };
  });
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected a rejection"),
    (error: unknown) => (error instanceof DomainError ? { code: error.code } : error),
  );

describe("claimActions", () => {
  it("claims only the actions of its own host", async () => {
    const [mine, theirs] = await Promise.all([hostWithQueuedRestarts(2), hostWithQueuedRestarts(2)]);
    const claimed = await claimActions({ hostId: mine.hostId, max: 50 });
    expect(claimed.map((action) => action.id).sort()).toStrictEqual([...mine.actionIds].sort());
    expect((await db().action.findMany({ where: { id: { in: theirs.actionIds } } })).map((row) => row.status)).toStrictEqual(["queued", "queued"]);
  });

  it("never hands the same action to two simultaneous claims, and together they take all of them", async () => {
    const { hostId, actionIds } = await hostWithQueuedRestarts(5);
    const [a, b] = await Promise.all([claimActions({ hostId, max: 5 }), claimActions({ hostId, max: 5 })]);
    const ids = [...a, ...b].map((action) => action.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids)).toStrictEqual(new Set(actionIds));
  });

  it("skips the actions another claim holds locked instead of waiting for them", async () => {
    const { hostId, actionIds } = await hostWithQueuedRestarts(4);
    const held = actionIds.slice(0, 2);
    const claimed = await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM actions WHERE id = ANY(${held}::uuid[]) FOR UPDATE`;
      return claimActions({ hostId, max: 5 });
    });
    expect(claimed.map((action) => action.id).sort()).toStrictEqual(actionIds.slice(2).sort());
  });

  it("hands out a server's follow-up action only after the one before it has finished", async () => {
    const { hostId, serverIds, actionIds } = await hostWithQueuedRestarts(1);
    const first = await claimOne(hostId);
    expect(first).toMatchObject({ id: actionIds[0], attempt: 1, desired: { ballooning: true } });
    const followUp = await setBallooning({ actor, serverId: serverIds[0] ?? "", enabled: false });
    expect(await claimActions({ hostId, max: 5 })).toStrictEqual([]);
    await completeAction({ hostId, actionId: first.id, lease: first.lease.id, status: "success", observed: { state: "running", balloon: "virtio" } });
    expect(await claimOne(hostId)).toMatchObject({ id: followUp.action?.id, command: "apply_settings", desired: { ballooning: false } });
  });
});

/** Resolves once `count` transactions wait, directly or in line, on the lock `holderPid` holds (or once `settled` is). */
async function waitersBehind(holderPid: number, count: number, settled: { done: boolean } = { done: false }) {
  // Asked through the pool, outside the holder's transaction, which would keep its first pg_stat_activity snapshot.
  const waiting = () => db().$queryRaw<{ n: number }[]>`WITH RECURSIVE chain(pid) AS (SELECT ${holderPid}::int
    UNION SELECT a.pid FROM pg_stat_activity a, chain WHERE chain.pid = ANY(pg_blocking_pids(a.pid))) SELECT count(*)::int - 1 AS n FROM chain`;
  while (!settled.done && ((await waiting())[0]?.n ?? 0) < count) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("claims racing a change of the desired state", () => {
  it("applies a change that joins an action while that action is being claimed", async () => {
    const { hostId, serverIds } = await hostWithQueuedRestarts(1);
    const serverId = serverIds[0] ?? "";
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      // Hold the server's row so that the change, then the claim, queue up behind it.
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM servers WHERE id = $1 FOR UPDATE", [serverId]);
      const holderPid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid ?? 0;
      const change = setBallooning({ actor, serverId, enabled: false });
      await waitersBehind(holderPid, 1);
      const settled = { done: false };
      const claim = claimActions({ hostId }).finally(() => (settled.done = true));
      await waitersBehind(holderPid, 2, settled);
      await holder.query("COMMIT");
      const [changed, claimed] = await Promise.all([change, claim]);
      expect(changed.action).not.toBeNull();
      // The new desired state must reach the host: handed out by this claim, or by an action still queued.
      const queued = await db().action.count({ where: { serverId, status: "queued" } });
      const appliedBy = claimed[0]?.desired.ballooning === false ? "the claimed action" : queued > 0 ? "a queued action" : "nothing";
      expect(appliedBy).not.toBe("nothing");
    } finally {
      await holder.end();
    }
  });
});

describe("claims racing an agent's report", () => {
  // A host's agents claim and report at the same time (two agents per host for failover do so all
  // the time), and both lock the servers concerned: they must take the locks in the same order.
  it.each(["ascending", "descending"] as const)("never deadlock with a report that lists the servers in %s order of their ids", async (order) => {
    const { hostId, serverIds } = await hostWithQueuedRestarts(2);
    const servers = await db().server.findMany({ where: { id: { in: serverIds } }, orderBy: { id: order === "ascending" ? "asc" : "desc" } });
    const at = new Date().toISOString();
    const domains = servers.map((server) => ({ name: server.domainName, virtualization: "kvm" as const, state: "running" as const, balloon: "virtio" as const, at, definitionsAt: at, memory: null }));
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      // Both wait behind a transaction holding the two servers, then start locking together.
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM servers WHERE id = ANY($1::uuid[]) FOR UPDATE", [serverIds]);
      const holderPid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid ?? 0;
      const settled = { done: false };
      const report = recordReport({ hostId, domains }).finally(() => (settled.done = true));
      await waitersBehind(holderPid, 1, settled);
      const claim = claimActions({ hostId, max: 2 }).finally(() => (settled.done = true));
      await waitersBehind(holderPid, 2, settled);
      await holder.query("COMMIT");
      const [reported, claimed] = await Promise.all([report, claim]);
      expect(reported.recorded).toBe(2);
      expect(claimed).toHaveLength(2);
    } finally {
      await holder.end();
    }
  });
});

describe("leases", () => {
  it("lets another claim resume an action whose lease expired, refusing the first lease from then on", async () => {
    const { hostId, actionIds } = await hostWithQueuedRestarts(1);
    const first = await claimOne(hostId);
    await reportProgress({ hostId, actionId: first.id, lease: first.lease.id, step: "update_domain_xml", status: "done", progress: 20 });
    await expireLease(first.id);
    const second = await claimOne(hostId);
    expect(second).toMatchObject({ id: actionIds[0], attempt: 2 });
    expect(second.lease.id).not.toBe(first.lease.id);
    expect(second.steps[0]).toStrictEqual({ name: "update_domain_xml", status: "done", data: null });
    const conflict = { code: "lease_lost" };
    expect(await rejection(reportProgress({ hostId, actionId: first.id, lease: first.lease.id, progress: 90 }))).toStrictEqual(conflict);
    expect(await rejection(completeAction({ hostId, actionId: first.id, lease: first.lease.id, status: "success" }))).toStrictEqual(conflict);
    expect(await actionRow(first.id)).toMatchObject({ status: "running", progress: 20, leaseOwner: second.lease.id });
  });

  it("ends an action with agent_lost once every attempt's lease has expired", async () => {
    const { hostId, actionIds, serverIds } = await hostWithQueuedRestarts(1);
    const actionId = actionIds[0] ?? "";
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = await claimOne(hostId);
      expect(claimed.attempt).toBe(attempt);
      await reportProgress({ hostId, actionId, lease: claimed.lease.id, step: "update_domain_xml", status: "done" });
      await reportProgress({ hostId, actionId, lease: claimed.lease.id, step: "shutdown", status: "running" });
      await expireLease(actionId);
    }
    expect(await claimActions({ hostId, max: 5 })).toStrictEqual([]);
    expect(await actionRow(actionId)).toMatchObject({ status: "error", errorCode: "agent_lost", attempts: 3, leaseOwner: null });
    expect(await stepStatuses(actionId)).toStrictEqual({ update_domain_xml: "done", shutdown: "error", force_stop: "skipped", start: "skipped", verify: "skipped" });
    expect((await db().server.findUniqueOrThrow({ where: { id: serverIds[0] } })).status).toBe("unknown");
    expect(await endings(actionId)).toStrictEqual([{ kind: "action.error", code: "agent_lost", message: expect.stringContaining("stopped responding") }]);
  });

  it("ends an action whose stored params no longer fit its command, before any host work, with its audit event", async () => {
    const { hostId, actionIds } = await hostWithQueuedRestarts(1);
    const actionId = actionIds[0] ?? "";
    await db().$executeRaw`UPDATE actions SET params = '{"mode":"sideways"}'::jsonb WHERE id = ${actionId}::uuid`;
    expect(await claimActions({ hostId, max: 5 })).toStrictEqual([]);
    expect(await actionRow(actionId)).toMatchObject({ status: "error", errorCode: "invalid_params", leaseOwner: null });
    expect(await endings(actionId)).toStrictEqual([{ kind: "action.error", code: "invalid_params", message: expect.stringContaining("Nothing was changed") }]);
  });
});

describe("reportProgress", () => {
  it("never moves progress backwards and stamps each step's start and finish", async () => {
    const { hostId } = await hostWithQueuedRestarts(1);
    const { id, lease } = await claimOne(hostId);
    await reportProgress({ hostId, actionId: id, lease: lease.id, step: "update_domain_xml", status: "running", progress: 10 });
    const started = (await actionRow(id)).steps[0];
    expect(started).toMatchObject({ status: "running", finishedAt: null });
    expect(started?.startedAt).toBeInstanceOf(Date);
    await reportProgress({ hostId, actionId: id, lease: lease.id, step: "update_domain_xml", status: "done", progress: 60 });
    await reportProgress({ hostId, actionId: id, lease: lease.id, progress: 30 });
    const row = await actionRow(id);
    expect(row.progress).toBe(60);
    expect(row.steps[0]?.startedAt).toStrictEqual(started?.startedAt);
    expect(row.steps[0]?.finishedAt?.getTime()).toBeGreaterThanOrEqual(started?.startedAt?.getTime() ?? Infinity);
  });

  it("refuses a step the command does not have", async () => {
    const { hostId } = await hostWithQueuedRestarts(1);
    const { id, lease } = await claimOne(hostId);
    const refused = await rejection(reportProgress({ hostId, actionId: id, lease: lease.id, step: "format_disk", status: "running" }));
    expect(refused).toStrictEqual({ code: "unknown_step" });
    expect(Object.values(await stepStatuses(id))).toStrictEqual(Array(5).fill("pending"));
  });

  it("renews the lease on a heartbeat without a step", async () => {
    const { hostId } = await hostWithQueuedRestarts(1);
    const { id, lease } = await claimOne(hostId);
    await db().$executeRaw`UPDATE actions SET lease_until = now() + interval '1 second' WHERE id = ${id}::uuid`;
    await reportProgress({ hostId, actionId: id, lease: lease.id });
    expect((await actionRow(id)).leaseUntil?.getTime()).toBeGreaterThan(Date.now() + 20_000);
  });
});

describe("completeAction", () => {
  it("records the observed domain on the server, and answers a repeated completion unchanged", async () => {
    const { hostId, serverIds } = await hostWithQueuedRestarts(1);
    const { id, lease } = await claimOne(hostId);
    const done = await completeAction({ hostId, actionId: id, lease: lease.id, status: "success", observed: { state: "running", balloon: "none", pendingBalloon: "none" } });
    expect(done).toMatchObject({ status: "success", progress: 100, error: null });
    const server = await db().server.findUniqueOrThrow({ where: { id: serverIds[0] } });
    expect(server).toMatchObject({ status: "running", observedBalloon: "none", observedNextBalloon: "none" });
    expect(server.observedAt).toBeInstanceOf(Date);
    const audit = await db().auditEvent.count({ where: { serverId: server.id } });
    const again = await completeAction({ hostId, actionId: id, lease: "some-other-lease", status: "error", error: { code: "late", message: "late" } });
    expect(again).toStrictEqual(done);
    expect(await db().server.findUniqueOrThrow({ where: { id: server.id } })).toStrictEqual(server);
    expect(await db().auditEvent.count({ where: { serverId: server.id } })).toBe(audit);
  });

  it("records an error's code and message and marks the running step as the one that failed", async () => {
    const { hostId } = await hostWithQueuedRestarts(1);
    const { id, lease } = await claimOne(hostId);
    await reportProgress({ hostId, actionId: id, lease: lease.id, step: "update_domain_xml", status: "done", progress: 20 });
    await reportProgress({ hostId, actionId: id, lease: lease.id, step: "shutdown", status: "running", progress: 40 });
    const error = { code: "shutdown_failed", message: "The guest did not stop." };
    const failed = await completeAction({ hostId, actionId: id, lease: lease.id, status: "error", error });
    expect(failed).toMatchObject({ status: "error", progress: 40, error });
    expect(failed.steps.map((step) => step.status)).toStrictEqual(["done", "error", "skipped", "skipped", "skipped"]);
    expect(failed.steps[1]?.finishedAt).not.toBeNull();
  });
});

describe("claimWithWait", () => {
  it("wakes up as soon as an action is queued for the host, long before the wait is over", async () => {
    const host = await createHost();
    const server = await createServer({ ownerId: actor.userId, hostId: host.id });
    const started = Date.now();
    const claiming = claimWithWait({ hostId: host.id, max: 1, waitMs: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { action } = await setBallooning({ actor, serverId: server.id, enabled: false });
    const claimed = await claiming;
    expect(claimed.map((one) => one.id)).toStrictEqual([action?.id]);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("answers an empty list after about the wait when nothing is queued", async () => {
    const host = await createHost();
    const started = Date.now();
    expect(await claimWithWait({ hostId: host.id, max: 1, waitMs: 800 })).toStrictEqual([]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(780);
    expect(elapsed).toBeLessThan(1_500);
  });
});
