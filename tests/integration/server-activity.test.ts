import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as activityRoute } from "@/app/api/v1/servers/[id]/activity/route.ts";
import { PUT as ballooningRoute } from "@/app/api/v1/servers/[id]/settings/ballooning/route.ts";
import { POST as restartRoute } from "@/app/api/v1/servers/[id]/actions/restart/route.ts";
import { claimActions } from "@/lib/actions/claim-actions.ts";
import { completeAction } from "@/lib/actions/complete-action.ts";
import { auditEvent } from "@/lib/audit/audit-event.ts";
import { encodeActivityCursor, type ActivityPage } from "@/lib/contracts/activity.ts";
import { db } from "@/lib/db/client.ts";
import { moveServer } from "@/lib/operators/servers.ts";
import { browserHeadersFor, createHost, createServer, createUser } from "@/tests/support/factories.ts";
import { apiRequest, expectError, fieldsNamed, routeContext } from "@/tests/support/http.ts";

type Headers = Record<string, string>;
type User = Awaited<ReturnType<typeof createUser>>;

const activity = (id: string, headers: Headers, query = "") =>
  activityRoute(apiRequest(`/api/v1/servers/${encodeURIComponent(id)}/activity${query}`, { headers }), routeContext({ id }));

async function pageOf(id: string, headers: Headers, query = ""): Promise<ActivityPage> {
  const response = await activity(id, headers, query);
  expect({ status: response.status, body: await response.clone().text() }).toMatchObject({ status: 200 });
  return (await response.json()) as ActivityPage;
}

/** An event as the test compares it: everything but its id and time. */
const withoutIdAndTime = ({ id: _id, at: _at, ...rest }: ActivityPage["events"][number]) => rest;

let owner: User;
let ownerHeaders: Headers;
let operator: User;

beforeAll(async () => {
  [owner, operator] = await Promise.all([createUser(), createUser({ role: "operator" })]);
  ownerHeaders = await browserHeadersFor(owner);
});

/** A server of the owner's on a host of its own, so claims see only this test's actions. */
async function ownServer(ownerId = owner.id) {
  const host = await createHost();
  return { server: await createServer({ ownerId, hostId: host.id }), hostId: host.id };
}

describe("GET /api/v1/servers/{id}/activity", () => {
  it("answers a new server's empty activity, with no next page", async () => {
    const { server } = await ownServer();
    expect(await pageOf(server.id, ownerHeaders)).toStrictEqual({ events: [], nextCursor: null });
  });

  it("tells a ballooning change with a restart now, from the owner's choice to the host running it, newest first", async () => {
    const { server, hostId } = await ownServer();
    const put = await ballooningRoute(
      apiRequest(`/api/v1/servers/${server.id}/settings/ballooning`, { method: "PUT", headers: ownerHeaders, body: JSON.stringify({ enabled: false, restart: "now" }) }),
      routeContext({ id: server.id }),
    );
    expect(put.status).toBe(202);
    const [claimed] = await claimActions({ hostId });
    if (!claimed) throw new Error("the change's restart was not claimed");
    // As an agent completes it: with the domain as it saw it just before.
    const observed = { state: "running" as const, balloon: "none" as const, at: new Date().toISOString() };
    await completeAction({ hostId, actionId: claimed.id, lease: claimed.lease.id, status: "success", observed });

    const { events, nextCursor } = await pageOf(server.id, ownerHeaders);
    expect(events.map(withoutIdAndTime)).toStrictEqual([
      { kind: "action_succeeded", actor: "system", actionId: claimed.id, command: "apply_settings" },
      { kind: "ballooning_applied", actor: "system", enabled: false },
      { kind: "action_queued", actor: "you", actionId: claimed.id, command: "apply_settings" },
      { kind: "ballooning_changed", actor: "you", enabled: false, restart: "now" },
    ]);
    expect(nextCursor).toBeNull();
    const times = events.map((event) => Date.parse(event.at));
    expect(times).toStrictEqual([...times].sort((a, b) => b - a));
  });

  it("shows a failed action with the plain error the customer was told, and nothing of the host's own message", async () => {
    const { server, hostId } = await ownServer();
    const restart = await restartRoute(
      apiRequest(`/api/v1/servers/${server.id}/actions/restart`, { method: "POST", headers: ownerHeaders, body: JSON.stringify({ mode: "force" }) }),
      routeContext({ id: server.id }),
    );
    expect(restart.status).toBe(202);
    const [claimed] = await claimActions({ hostId });
    if (!claimed) throw new Error("the restart was not claimed");
    const error = { code: "rolled_back", message: "The restart did not go through and was undone: your server runs as before.", detail: "virDomainCreate: internal error: qemu died" };
    await completeAction({ hostId, actionId: claimed.id, lease: claimed.lease.id, status: "error", error, observed: { state: "running", balloon: "virtio" } });

    const response = await activity(server.id, ownerHeaders);
    const text = await response.clone().text();
    expect(text).not.toContain("qemu died");
    const { events } = (await response.json()) as ActivityPage;
    expect(events.map(withoutIdAndTime)).toStrictEqual([
      { kind: "action_failed", actor: "system", actionId: claimed.id, command: "restart", error: { code: "rolled_back", message: error.message } },
      { kind: "action_queued", actor: "you", actionId: claimed.id, command: "restart" },
    ]);
  });

  it("pages through more events than a page holds, newest first, with no event twice and none left out", async () => {
    const { server } = await ownServer();
    const start = Date.now() - 3_600_000;
    // Three events to a millisecond, so that pages also split between events of the same time; and
    // events the customer does not see in between, which take no place on a page.
    await db().auditEvent.createMany({
      data: Array.from({ length: 45 }, (_, i) =>
        i % 5 === 4
          ? auditEvent("user.signed_in", { actorId: owner.id, serverId: server.id, createdAt: new Date(start + Math.floor(i / 3) * 1000) }, {})
          : auditEvent("action.queued", { actorId: owner.id, serverId: server.id, createdAt: new Date(start + Math.floor(i / 3) * 1000) }, { actionId: randomUUID(), command: "restart" }),
      ),
    });
    const rows = await db().auditEvent.findMany({ where: { serverId: server.id, kind: "action.queued" }, select: { id: true, createdAt: true } });
    const expected = rows
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0))
      .map((row) => row.id.toString());
    expect(expected).toHaveLength(36);

    const first = await pageOf(server.id, ownerHeaders, "?limit=15");
    // Recorded while the customer reads: newer than every page, it shifts none of them.
    await db().auditEvent.create({ data: auditEvent("server.ballooning_changed", { actorId: owner.id, serverId: server.id }, { enabled: false, restart: "later" }) });
    const pages = [first];
    for (let cursor = first.nextCursor; cursor; cursor = pages.at(-1)?.nextCursor ?? null) {
      pages.push(await pageOf(server.id, ownerHeaders, `?limit=15&cursor=${encodeURIComponent(cursor)}`));
    }
    expect(pages.map((page) => page.events.length)).toStrictEqual([15, 15, 6]);
    expect(pages.flatMap((page) => page.events.map((event) => event.id))).toStrictEqual(expected);
    expect(pages.at(-1)?.nextCursor).toBeNull();

    const newest = await pageOf(server.id, ownerHeaders);
    expect(newest.events).toHaveLength(20);
    expect(newest.events[0]).toMatchObject({ kind: "ballooning_changed", actor: "you", enabled: false, restart: "later" });
    expect((await pageOf(server.id, ownerHeaders, "?limit=100")).events).toHaveLength(37);
  });

  it("keeps the host's ledger, its domain names and what customers do not see out, and shows support as support", async () => {
    const { server, hostId } = await ownServer();
    const at = (minutes: number) => new Date(Date.now() - 60 * 60_000 + minutes * 60_000);
    const actionId = randomUUID();
    await db().auditEvent.createMany({
      data: [
        auditEvent("server.imported", { actorId: operator.id, serverId: server.id, createdAt: at(0) }, { host: "fra1-node-07", domain: "vps-1001", ownerId: owner.id }),
        auditEvent(
          "server.guaranteed_memory_refused",
          { actorId: owner.id, serverId: server.id, createdAt: at(1) },
          { hostId, reason: "host_full", requestedMiB: 4096, reservedMiB: 120_000, capacityMiB: 122_880, physicalMiB: 124_928, headroomMiB: 2048 },
        ),
        auditEvent("server.reinstall_requested", { actorId: owner.id, serverId: server.id, createdAt: at(2) }, { actionId, image: "ubuntu-24.04", kvmDomain: "vps-1001-kvm" }),
        auditEvent("server.switched_to_kvm", { serverId: server.id, createdAt: at(3) }, { from: "vps-1001", to: "vps-1001-kvm", image: "ubuntu-24.04" }),
        auditEvent("user.signed_in", { actorId: owner.id, serverId: server.id, createdAt: at(4) }, {}),
        { serverId: server.id, kind: "server.not_for_customers_yet", data: { secret: "operators only" }, createdAt: at(5) },
        auditEvent("server.ballooning_applied", { serverId: server.id, createdAt: at(6) }, { enabled: true, from: "none", to: "virtio" }),
      ],
    });
    const response = await activity(server.id, ownerHeaders);
    const text = await response.clone().text();
    for (const hidden of ["fra1-node-07", "vps-1001", hostId, "reservedMiB", "operators only"]) expect(text).not.toContain(hidden);
    const { events } = (await response.json()) as ActivityPage;
    expect(events.map(withoutIdAndTime)).toStrictEqual([
      { kind: "ballooning_applied", actor: "system", enabled: true },
      { kind: "moved_to_kvm", actor: "system", image: "ubuntu-24.04" },
      { kind: "reinstall_requested", actor: "you", actionId, image: "ubuntu-24.04" },
      { kind: "guaranteed_memory_refused", actor: "you", reason: "host_full", requestedMiB: 4096 },
      { kind: "server_added", actor: "support" },
    ]);
  });

  it("shows a server moved to another customer from its move on, never its former owner's history", async () => {
    const formerOwner = await createUser();
    const { server } = await ownServer(formerOwner.id);
    await db().auditEvent.create({
      data: auditEvent("server.ballooning_changed", { actorId: formerOwner.id, serverId: server.id, createdAt: new Date(Date.now() - 60_000) }, { enabled: false, restart: "later" }),
    });
    await moveServer({ serverId: server.id, owner: owner.email, operatorId: operator.id });
    const moved = await db().auditEvent.findFirstOrThrow({ where: { serverId: server.id, kind: "server.moved" } });

    const { events, nextCursor } = await pageOf(server.id, ownerHeaders);
    expect(events.map(withoutIdAndTime)).toStrictEqual([{ kind: "server_transferred", actor: "support" }]);
    expect(nextCursor).toBeNull();
    // Not even with a cursor made to point before the move.
    expect(await pageOf(server.id, ownerHeaders, `?cursor=${encodeActivityCursor({ at: moved.createdAt, id: moved.id })}`)).toStrictEqual({ events: [], nextCursor: null });
    await expectError(await activity(server.id, await browserHeadersFor(formerOwner)), 404, "server_not_found");
  });

  it("answers 404 for another customer's server, exactly as for a missing one or an id that is none", async () => {
    const { server } = await ownServer();
    const outsider = await browserHeadersFor(await createUser());
    const foreign = await expectError(await activity(server.id, outsider), 404, "server_not_found");
    expect(await expectError(await activity(randomUUID(), outsider), 404, "server_not_found")).toStrictEqual(foreign);
    expect(await expectError(await activity("not-a-uuid", outsider), 404, "server_not_found")).toStrictEqual(foreign);
  });

  it.each([
    ["a limit of 0", "?limit=0", "limit"],
    ["a limit over 100", "?limit=101", "limit"],
    ["a limit that is no number", "?limit=ten", "limit"],
    ["a fractional limit", "?limit=1.5", "limit"],
    ["a negative limit", "?limit=-1", "limit"],
    ["an empty limit", "?limit=", "limit"],
    ["a cursor of made-up characters", "?cursor=%27%20OR%201%3D1%20--", "cursor"],
    ["a cursor that is base64 of something else", `?cursor=${btoa("hello.world").replace(/=+$/, "")}`, "cursor"],
    ["a cursor past the largest event id", `?cursor=${encodeActivityCursor({ at: new Date(), id: 2n ** 63n })}`, "cursor"],
    ["a cursor of 10,000 characters", `?cursor=${"A".repeat(10_000)}`, "cursor"],
    ["an empty cursor", "?cursor=", "cursor"],
    ["a parameter it does not take", "?offset=20", "offset"],
  ])("answers 400 naming the field, never 500, for %s", async (_label, query, field) => {
    const { server } = await ownServer();
    expect(fieldsNamed(await expectError(await activity(server.id, ownerHeaders, query), 400, "invalid_input"))).toStrictEqual([field]);
  });
});
