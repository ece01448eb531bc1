import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { PUT as ballooningRoute } from "@/app/api/v1/servers/[id]/settings/ballooning/route.ts";
import { POST as restartRoute } from "@/app/api/v1/servers/[id]/actions/restart/route.ts";
import { GET as serverActionsRoute } from "@/app/api/v1/servers/[id]/actions/route.ts";
import { GET as actionRoute } from "@/app/api/v1/actions/[id]/route.ts";
import type { ActionView } from "@/lib/contracts/actions.ts";
import { claimActions } from "@/lib/actions/claim-actions.ts";
import { completeAction } from "@/lib/actions/complete-action.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import type { Virtualization } from "@/lib/db/generated/enums.ts";
import type { ServerView } from "@/lib/contracts/servers.ts";
import { toServerView } from "@/lib/servers/server-view.ts";
import { appLog } from "@/lib/observability/logger.ts";
import { createHost, createServer, customerAndOutsider } from "@/tests/support/factories.ts";
import { apiRequest, expectError, fieldsNamed, routeContext } from "@/tests/support/http.ts";

type Headers = Record<string, string>;
type BallooningAnswer = { server: ServerView; action: ActionView | null };
const STEPS = ["update_domain_xml", "shutdown", "force_stop", "start", "verify"];

const encode = (body: unknown) => (typeof body === "string" ? body : JSON.stringify(body));
const put = (id: string, body: unknown, headers: Headers = owner) =>
  ballooningRoute(apiRequest(`/api/v1/servers/${id}/settings/ballooning`, { method: "PUT", headers, body: encode(body) }), routeContext({ id }));
const restart = (id: string, body: unknown = {}, headers: Headers = owner) =>
  restartRoute(apiRequest(`/api/v1/servers/${id}/actions/restart`, { method: "POST", headers, body: encode(body) }), routeContext({ id }));
const listActions = (id: string, headers: Headers = owner) => serverActionsRoute(apiRequest(`/api/v1/servers/${id}/actions`, { headers }), routeContext({ id }));
const showAction = (id: string, headers: Headers = owner) => actionRoute(apiRequest(`/api/v1/actions/${id}`, { headers }), routeContext({ id }));
const json = async <T>(response: Response, status: number): Promise<T> => {
  expect({ status: response.status, body: await response.clone().text() }).toMatchObject({ status });
  return (await response.json()) as T;
};

let owner: Headers; // a customer's session cookie with a same-site Origin
let outsider: Headers; // another customer
let ownerId: string;

beforeAll(async () => {
  ({ ownerId, owner, outsider } = await customerAndOutsider());
});

/** A server of the owner's on a host of its own, so claims see only this test's actions. */
async function ownServer(virtualization: Virtualization = "kvm") {
  const host = await createHost();
  const server = await createServer({ ownerId, hostId: host.id, virtualization, ballooningEnabled: virtualization === "kvm" });
  return { server, hostId: host.id };
}
const actionsOf = (serverId: string) => db().action.findMany({ where: { serverId }, orderBy: { createdAt: "asc" } });
const auditOf = (serverId: string, kind: string) => db().auditEvent.findMany({ where: { serverId, kind }, orderBy: { id: "asc" } });
const serverRow = (id: string) => db().server.findUniqueOrThrow({ where: { id } });
const claimOne = async (hostId: string) => (await claimActions({ hostId }))[0] ?? expect.fail("nothing to claim");

describe("PUT /api/v1/servers/{id}/settings/ballooning", () => {
  it("disables ballooning on KVM and queues an apply_settings action with the restart steps, with an audit event", async () => {
    const { server } = await ownServer();
    const answer = await json<BallooningAnswer>(await put(server.id, { enabled: false }), 202);
    expect(answer.server.ballooning).toStrictEqual({ supported: true, enabled: false, applied: true, pendingRestart: true });
    expect(answer.action).toMatchObject({ serverId: server.id, command: "apply_settings", status: "queued", progress: 0, error: null, startedAt: null });
    expect(answer.action?.steps).toStrictEqual(STEPS.map((name) => ({ name, status: "pending", startedAt: null, finishedAt: null })));
    expect((await actionsOf(server.id)).map((row) => [row.id, row.status])).toStrictEqual([[answer.action?.id, "queued"]]);
    expect((await serverRow(server.id)).ballooningEnabled).toBe(false);
    expect((await auditOf(server.id, "server.ballooning_changed")).map((event) => event.data)).toStrictEqual([{ enabled: false, restart: "now" }]);
  });

  it("records the choice without an action when the restart is left for later (personal API token, no Origin)", async () => {
    const { server } = await ownServer();
    const { token } = await createApiToken({ userId: ownerId, name: "later" });
    const answer = await json<BallooningAnswer>(await put(server.id, { enabled: false, restart: "later" }, { authorization: `Bearer ${token}` }), 200);
    expect(answer).toMatchObject({ action: null, server: { ballooning: { enabled: false, pendingRestart: true } } });
    expect((await serverRow(server.id)).ballooningEnabled).toBe(false);
    expect(await actionsOf(server.id)).toEqual([]);
  });

  it("answers 200 with no action and writes nothing when the value is already set and applied", async () => {
    const { server } = await ownServer();
    const answer = await json<BallooningAnswer>(await put(server.id, { enabled: true }), 200);
    expect(answer).toStrictEqual({ server: toServerView(server), action: null });
    expect(await actionsOf(server.id)).toEqual([]);
    expect(await db().auditEvent.count({ where: { serverId: server.id } })).toBe(0);
  });

  it("refuses an LXC server with 409 ballooning_unsupported that points to the reinstall on KVM, changing nothing", async () => {
    const { server } = await ownServer("lxc");
    const error = await expectError(await put(server.id, { enabled: true }), 409, "ballooning_unsupported");
    expect(error.message).toMatch(/reinstall/i);
    expect(error.message).toMatch(/KVM/);
    expect(error.details).toStrictEqual({ virtualization: "lxc" });
    expect(await serverRow(server.id)).toStrictEqual(server);
    expect(await actionsOf(server.id)).toEqual([]);
  });

  it("coalesces 50 simultaneous alternating requests into one action, and desired meets observed once it ran", async () => {
    const { server, hostId } = await ownServer();
    const values = Array.from({ length: 50 }, (_, i) => i % 2 === 1); // false, true, false, …
    const responses = await Promise.all(values.map((enabled) => put(server.id, { enabled })));
    const answers = await Promise.all(responses.map((response) => response.json() as Promise<BallooningAnswer>));
    const actions = await actionsOf(server.id);
    expect(actions).toHaveLength(1);
    answers.forEach((answer, i) => {
      // 200 only where the value asked for is the one the domain runs with (true) and already desired.
      const expected = answer.action ? { status: 202, id: actions[0]?.id } : { status: 200, id: undefined };
      expect({ status: responses[i]?.status, id: answer.action?.id, enabled: answer.server.ballooning.enabled }).toStrictEqual({ ...expected, enabled: values[i] });
      if (!answer.action) expect(values[i]).toBe(true);
    });
    const changes = await auditOf(server.id, "server.ballooning_changed");
    const desired = (await serverRow(server.id)).ballooningEnabled;
    expect(changes.at(-1)?.data).toMatchObject({ enabled: desired });

    const claimed = await claimOne(hostId);
    expect(claimed).toMatchObject({ id: actions[0]?.id, desired: { ballooning: desired } });
    const balloon = desired ? "virtio" : "none";
    await completeAction({ hostId, actionId: claimed.id, lease: claimed.lease.id, status: "success", observed: { state: "running", balloon } });
    const view = toServerView(await serverRow(server.id));
    expect(view.ballooning).toMatchObject({ enabled: desired, applied: desired, pendingRestart: false });
  });

  it("answers all 50 simultaneous identical requests with 202 and the same single action", async () => {
    const { server } = await ownServer();
    const responses = await Promise.all(Array.from({ length: 50 }, () => put(server.id, { enabled: false })));
    const actions = await actionsOf(server.id);
    expect(actions).toHaveLength(1);
    expect(responses.map((response) => response.status)).toStrictEqual(Array(50).fill(202));
    const ids = await Promise.all(responses.map(async (response) => ((await response.json()) as BallooningAnswer).action?.id));
    expect(new Set(ids)).toStrictEqual(new Set([actions[0]?.id]));
    expect(await auditOf(server.id, "server.ballooning_changed")).toHaveLength(1);
  });

  it("joins a change to the action already queued for the server", async () => {
    const { server } = await ownServer();
    const first = await json<BallooningAnswer>(await put(server.id, { enabled: false }), 202);
    const second = await json<BallooningAnswer>(await put(server.id, { enabled: true }), 202);
    expect(second.action?.id).toBe(first.action?.id);
    expect(await actionsOf(server.id)).toHaveLength(1);
  });

  it("queues exactly one follow-up behind a running action, which further changes join", async () => {
    const { server, hostId } = await ownServer();
    const first = await json<BallooningAnswer>(await put(server.id, { enabled: false }), 202);
    expect((await claimOne(hostId)).id).toBe(first.action?.id);
    const followUp = await json<BallooningAnswer>(await put(server.id, { enabled: true }), 202);
    expect(followUp.action).toMatchObject({ status: "queued", command: "apply_settings" });
    expect(followUp.action?.id).not.toBe(first.action?.id);
    for (const enabled of [false, true, false]) {
      expect((await json<BallooningAnswer>(await put(server.id, { enabled }), 202)).action?.id).toBe(followUp.action?.id);
    }
    expect((await actionsOf(server.id)).map((row) => row.status)).toStrictEqual(["running", "queued"]);
  });

  it("starts no second restart when the request repeats the value the running action is applying", async () => {
    const { server, hostId } = await ownServer();
    const first = await json<BallooningAnswer>(await put(server.id, { enabled: false }), 202);
    expect(await claimOne(hostId)).toMatchObject({ id: first.action?.id, desired: { ballooning: false } });
    const repeat = await put(server.id, { enabled: false });
    expect(repeat.status).not.toBe(500);
    expect((await actionsOf(server.id)).map((row) => row.id)).toStrictEqual([first.action?.id]);
  });

  it("keeps the setting unchanged when the action cannot be written, answering a 500 that reveals nothing", async () => {
    const { server } = await ownServer();
    const name = `refuse_${randomUUID().replaceAll("-", "")}`;
    await db().$executeRawUnsafe(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$`);
    await db().$executeRawUnsafe(
      `CREATE TRIGGER ${name} BEFORE INSERT ON actions FOR EACH ROW WHEN (NEW.server_id = '${server.id}'::uuid) EXECUTE FUNCTION ${name}()`,
    );
    const logged = vi.spyOn(appLog(), "error").mockImplementation(() => undefined);
    try {
      await expectError(await put(server.id, { enabled: false, restart: "now" }), 500, "internal");
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${name} ON actions`);
      await db().$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${name}()`);
    }
    expect((await serverRow(server.id)).ballooningEnabled).toBe(true);
    expect(await db().auditEvent.count({ where: { serverId: server.id } })).toBe(0);
    expect(await actionsOf(server.id)).toEqual([]);
  });
});

describe("POST /api/v1/servers/{id}/actions/restart", () => {
  it("queues a restart with the restart steps, storing the force mode", async () => {
    const { server } = await ownServer();
    const { action } = await json<{ action: ActionView }>(await restart(server.id, { mode: "force" }), 202);
    expect(action).toMatchObject({ command: "restart", status: "queued", serverId: server.id });
    expect(action.steps.map((step) => step.name)).toStrictEqual(STEPS);
    expect((await actionsOf(server.id)).map((row) => row.params)).toStrictEqual([{ mode: "force" }]);
  });

  it("answers 409 with the action's id while a restart or an apply is queued or running", async () => {
    const { server, hostId } = await ownServer();
    const apply = (await json<BallooningAnswer>(await put(server.id, { enabled: false }), 202)).action;
    expect((await expectError(await restart(server.id), 409, "action_in_progress")).details).toStrictEqual({ actionId: apply?.id });
    await claimOne(hostId);
    expect((await expectError(await restart(server.id, { mode: "force" }), 409, "action_in_progress")).details).toStrictEqual({ actionId: apply?.id });

    const other = await ownServer();
    const queued = await json<{ action: ActionView }>(await restart(other.server.id), 202);
    expect((await expectError(await restart(other.server.id), 409, "action_in_progress")).details).toStrictEqual({ actionId: queued.action.id });
    expect(await actionsOf(other.server.id)).toHaveLength(1);
  });

  it("lets a ballooning change join a queued restart, which applies pending settings too", async () => {
    const { server } = await ownServer();
    const queued = await json<{ action: ActionView }>(await restart(server.id), 202);
    expect((await json<BallooningAnswer>(await put(server.id, { enabled: false }), 202)).action?.id).toBe(queued.action.id);
  });
});

describe("input and access", () => {
  it.each([
    ["restart", { mode: "sideways" }, ["mode"]],
    ["restart", { mode: "force", now: true }, ["now"]],
    ["ballooning", { enabled: "no" }, ["enabled"]],
    ["ballooning", { restart: "soon", extra: 1 }, ["enabled", "extra", "restart"]],
  ] as const)("answers 400 naming each bad field of a %s body %j", async (route, body, fields) => {
    const { server } = await ownServer();
    const response = route === "restart" ? await restart(server.id, body) : await put(server.id, body);
    expect(fieldsNamed(await expectError(response, 400, "invalid_input"))).toStrictEqual(fields);
    expect(await actionsOf(server.id)).toEqual([]);
  });

  it("answers 400 to malformed JSON", async () => {
    const { server } = await ownServer();
    await expectError(await restart(server.id, "{ mode: force"), 400, "invalid_input");
    await expectError(await put(server.id, '{"enabled": fals'), 400, "invalid_input");
  });

  it("answers 404 for another customer's server and for an invalid id, exactly as for a missing one", async () => {
    const { server } = await ownServer();
    const missing = await expectError(await put(randomUUID(), { enabled: false }), 404, "server_not_found");
    for (const response of [await put(server.id, { enabled: false }, outsider), await put("not-a-uuid", { enabled: false })]) {
      expect(await expectError(response, 404, "server_not_found")).toStrictEqual(missing);
    }
    await expectError(await restart(server.id, {}, outsider), 404, "server_not_found");
    await expectError(await listActions(server.id, outsider), 404, "server_not_found");
    expect(await serverRow(server.id)).toStrictEqual(server);
  });
});

describe("GET actions", () => {
  it("lists a server's actions newest first and shows each to its owner only", async () => {
    const { server, hostId } = await ownServer();
    const first = (await json<{ action: ActionView }>(await restart(server.id), 202)).action;
    const claimed = await claimOne(hostId);
    await completeAction({ hostId, actionId: claimed.id, lease: claimed.lease.id, status: "success", observed: { state: "running", balloon: "virtio" } });
    const second = (await json<BallooningAnswer>(await put(server.id, { enabled: false }), 202)).action;
    const { actions } = await json<{ actions: ActionView[] }>(await listActions(server.id), 200);
    expect(actions.map((action) => [action.id, action.status])).toStrictEqual([[second?.id, "queued"], [first.id, "success"]]);
    expect(await json<{ action: ActionView }>(await showAction(first.id), 200)).toStrictEqual({ action: actions[1] });
    const foreign = await expectError(await showAction(first.id, outsider), 404, "action_not_found");
    expect(await expectError(await showAction(randomUUID(), outsider), 404, "action_not_found")).toStrictEqual(foreign);
  });
});
