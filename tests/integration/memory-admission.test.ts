import { beforeAll, describe, expect, it } from "vitest";
import { PUT as ballooningRoute } from "@/app/api/v1/servers/[id]/settings/ballooning/route.ts";
import type { DomainReport } from "@/lib/contracts/provider.ts";
import { db } from "@/lib/db/client.ts";
import { hostMemoryLedger } from "@/lib/hosts/memory-ledger.ts";
import { DEFAULT_HEADROOM_MIB, defaultHeadroomMiB } from "@/lib/hosts/memory-headroom.ts";
import { recordReport } from "@/lib/hosts/record-report.ts";
import { browserHeadersFor, createHost, createServer, createUser } from "@/tests/support/factories.ts";
import { apiRequest, expectError, routeContext } from "@/tests/support/http.ts";

// Guaranteed memory is admitted, not just promised: disabling ballooning reserves the server's whole
// plan on its host, and is refused when the reservations of the host's servers would pass its
// physical memory minus its headroom. Requests go through the API's route, as a customer's would.

type Headers = Record<string, string>;
type Customer = { id: string; headers: Headers };

const GiB = 1024;
const kib = (mib: number) => BigInt(mib) * 1024n;
const put = (serverId: string, body: unknown, headers: Headers) =>
  ballooningRoute(apiRequest(`/api/v1/servers/${serverId}/settings/ballooning`, { method: "PUT", headers, body: JSON.stringify(body) }), routeContext({ id: serverId }));
const serverRow = (id: string) => db().server.findUniqueOrThrow({ where: { id } });
const actionsOf = (serverId: string) => db().action.findMany({ where: { serverId } });
const auditOf = (serverId: string, kind: string) => db().auditEvent.findMany({ where: { serverId, kind }, orderBy: { id: "asc" } });

async function customer(): Promise<Customer> {
  const user = await createUser();
  return { id: user.id, headers: await browserHeadersFor(user) };
}

let alice: Customer;
let bob: Customer;
beforeAll(async () => {
  [alice, bob] = await Promise.all([customer(), customer()]);
});

/** A host of `physicalMiB` with its own headroom (null: the default), and servers of the given plans on it. */
async function hostWith(physicalMiB: number | null, memoryHeadroomMiB: number | null = 2 * GiB) {
  return createHost({ memoryKiB: physicalMiB === null ? null : kib(physicalMiB), memoryHeadroomMiB });
}
const kvmServer = (owner: Customer, hostId: string, memoryMiB: number, ballooningEnabled = true) =>
  createServer({ ownerId: owner.id, hostId, memoryMiB, ballooningEnabled });

describe("disabling ballooning on a host whose guaranteed memory is taken", () => {
  it("is refused with 409 and what to do, writing nothing but the refusal's record for the operator", async () => {
    const host = await hostWith(10 * GiB); // capacity 8 GiB
    await kvmServer(bob, host.id, 6 * GiB, false);
    const server = await kvmServer(alice, host.id, 4 * GiB);

    for (const restart of ["now", "later"] as const) {
      const error = await expectError(await put(server.id, { enabled: false, restart }, alice.headers), 409, "guaranteed_memory_unavailable");
      expect(error.message).toBe(
        "This server's host has no room left to guarantee its full 4 GiB of memory. Keep ballooning on, or contact support to move the server to a host with room.",
      );
      expect(error.details).toStrictEqual({ reason: "host_full", requestedMiB: 4 * GiB, availableMiB: 2 * GiB });
    }

    expect(await serverRow(server.id)).toStrictEqual(server);
    expect(await actionsOf(server.id)).toEqual([]);
    expect(await auditOf(server.id, "server.ballooning_changed")).toEqual([]);
    expect(await auditOf(server.id, "action.queued")).toEqual([]);
    const refusals = await auditOf(server.id, "server.guaranteed_memory_refused");
    expect(refusals.map((event) => [event.actorId, event.data])).toStrictEqual(
      Array(2).fill([alice.id, { hostId: host.id, reason: "host_full", requestedMiB: 4 * GiB, reservedMiB: 6 * GiB, capacityMiB: 8 * GiB, physicalMiB: 10 * GiB, headroomMiB: 2 * GiB }]),
    );
  });

  it("admits a plan that fills the capacity exactly, and refuses the next one", async () => {
    const host = await hostWith(10 * GiB); // capacity 8 GiB
    const first = await kvmServer(alice, host.id, 4 * GiB);
    const second = await kvmServer(bob, host.id, 4 * GiB);
    const third = await kvmServer(bob, host.id, 1);
    expect((await put(first.id, { enabled: false }, alice.headers)).status).toBe(202);
    expect((await put(second.id, { enabled: false }, bob.headers)).status).toBe(202);
    const error = await expectError(await put(third.id, { enabled: false }, bob.headers), 409, "guaranteed_memory_unavailable");
    expect(error.details).toMatchObject({ availableMiB: 0 });
    expect(await hostMemoryLedger(host.id)).toMatchObject({ capacityMiB: 8 * GiB, reservedMiB: 8 * GiB, availableMiB: 0 });
  });

  it("is accepted once another server of the host frees its reservation by turning ballooning back on", async () => {
    const host = await hostWith(6 * GiB); // capacity 4 GiB
    const bobs = await kvmServer(bob, host.id, 4 * GiB, false);
    const alices = await kvmServer(alice, host.id, 4 * GiB);
    await expectError(await put(alices.id, { enabled: false }, alice.headers), 409, "guaranteed_memory_unavailable");

    // Bob's choice frees the room at once, before the restart that applies it.
    expect((await put(bobs.id, { enabled: true }, bob.headers)).status).toBe(202);
    expect((await put(alices.id, { enabled: false }, alice.headers)).status).toBe(202);
    expect((await serverRow(alices.id)).ballooningEnabled).toBe(false);
    expect(await actionsOf(alices.id)).toHaveLength(1);
  });

  it("never refuses a server that holds its reservation already, nor turning ballooning back on, even on an over-reserved host", async () => {
    const host = await hostWith(10 * GiB);
    const running = await kvmServer(alice, host.id, 4 * GiB, false); // runs without a balloon
    const pending = await db().server.update({ where: { id: (await kvmServer(alice, host.id, 4 * GiB)).id }, data: { ballooningEnabled: false } });
    // The operator raises the headroom: 8 GiB reserved where 2 GiB may be now.
    await db().host.update({ where: { id: host.id }, data: { memoryHeadroomMiB: 8 * GiB } });
    expect(await hostMemoryLedger(host.id)).toMatchObject({ reservedMiB: 8 * GiB, capacityMiB: 2 * GiB, availableMiB: -6 * GiB });

    expect((await put(running.id, { enabled: false }, alice.headers)).status).toBe(200);
    expect((await put(pending.id, { enabled: false, restart: "now" }, alice.headers)).status).toBe(202);
    expect((await put(running.id, { enabled: true }, alice.headers)).status).toBe(202);
    expect(await db().auditEvent.count({ where: { serverId: { in: [running.id, pending.id] }, kind: "server.guaranteed_memory_refused" } })).toBe(0);
  });
});

describe("two customers asking at once for the last room on one host", () => {
  it("admits exactly one, every time; the other is refused and nothing of theirs is written", async () => {
    for (let round = 0; round < 6; round++) {
      const host = await hostWith(10 * GiB); // capacity 8 GiB
      await kvmServer(alice, host.id, 4 * GiB, false); // 4 GiB left: room for one of the two
      const contenders = [
        { who: alice, server: await kvmServer(alice, host.id, 4 * GiB) },
        { who: bob, server: await kvmServer(bob, host.id, 4 * GiB) },
      ];
      // Each request is its own transaction on its own pooled connection, sent together.
      const responses = await Promise.all(contenders.map(({ who, server }) => put(server.id, { enabled: false }, who.headers)));

      expect(responses.map((response) => response.status).sort(), `round ${round}`).toStrictEqual([202, 409]);
      const refused = responses.findIndex((response) => response.status === 409);
      const [response, loser] = [responses[refused], contenders[refused]];
      if (!response || !loser) throw new Error("no request was refused");
      await expectError(response, 409, "guaranteed_memory_unavailable");
      expect((await serverRow(loser.server.id)).ballooningEnabled).toBe(true);
      expect(await actionsOf(loser.server.id)).toEqual([]);
      expect(await hostMemoryLedger(host.id)).toMatchObject({ reservedMiB: 8 * GiB, availableMiB: 0 });
    }
  });

  it("admits exactly as many as fit when eight ask at once for three places", async () => {
    const host = await hostWith(5 * GiB); // capacity 3 GiB
    const servers = await Promise.all(Array.from({ length: 8 }, (_, i) => kvmServer(i % 2 ? alice : bob, host.id, GiB)));
    const responses = await Promise.all(servers.map((server, i) => put(server.id, { enabled: false }, (i % 2 ? alice : bob).headers)));
    expect(responses.filter((response) => response.status === 202)).toHaveLength(3);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(5);
    expect(await hostMemoryLedger(host.id)).toMatchObject({ reservedMiB: 3 * GiB, availableMiB: 0 });
  });
});

describe("the host's agent reporting meanwhile", () => {
  it("takes its turn: changes and reports sent together all finish, none ended by a deadlock", async () => {
    const host = await hostWith(64 * GiB);
    const servers = await Promise.all(Array.from({ length: 6 }, () => kvmServer(alice, host.id, GiB)));
    const domains = servers.map((server): DomainReport => ({ name: server.domainName, virtualization: "kvm", state: "running", balloon: "virtio", memory: null }));
    const node = { memoryKiB: 64 * 1024 * 1024, cpus: 16, agentVersion: "test" };
    for (let round = 0; round < 5; round++) {
      // A report locks its servers, then updates its host; a change locks its server, then its host.
      const [reports, changes] = await Promise.all([
        Promise.allSettled([recordReport({ hostId: host.id, domains, node }), recordReport({ hostId: host.id, domains, node })]),
        Promise.all(servers.map((server, i) => put(server.id, { enabled: (round + i) % 2 === 1 }, alice.headers))),
      ]);
      expect(reports.map((report) => (report.status === "rejected" ? String(report.reason) : report.status))).toStrictEqual(["fulfilled", "fulfilled"]);
      expect(changes.every((response) => response.status === 200 || response.status === 202), `round ${round}: ${changes.map((response) => response.status)}`).toBe(true);
    }
  });
});

describe("the headroom", () => {
  it("is the host's own where it has one, in place of the dashboard's default", async () => {
    expect(defaultHeadroomMiB()).toBe(DEFAULT_HEADROOM_MIB); // 2 GiB: this test's run sets none of its own

    const none = await hostWith(8 * GiB, 0);
    const all = await kvmServer(alice, none.id, 8 * GiB);
    expect((await put(all.id, { enabled: false }, alice.headers)).status).toBe(202); // the default would leave 6 GiB

    const large = await hostWith(8 * GiB, 6 * GiB);
    const half = await kvmServer(alice, large.id, 4 * GiB);
    await expectError(await put(half.id, { enabled: false }, alice.headers), 409, "guaranteed_memory_unavailable"); // the default would admit it
    expect((await auditOf(half.id, "server.guaranteed_memory_refused"))[0]?.data).toMatchObject({ headroomMiB: 6 * GiB, capacityMiB: 2 * GiB });

    const byDefault = await hostWith(8 * GiB, null);
    const tooBig = await kvmServer(alice, byDefault.id, 6 * GiB + 1);
    await expectError(await put(tooBig.id, { enabled: false }, alice.headers), 409, "guaranteed_memory_unavailable");
    const fits = await kvmServer(alice, byDefault.id, 6 * GiB);
    expect((await put(fits.id, { enabled: false }, alice.headers)).status).toBe(202);
  });
});

describe("a host that has not reported its memory", () => {
  it("guarantees nothing, says so honestly, and admits once its agent reports the node", async () => {
    const host = await hostWith(null);
    const server = await kvmServer(alice, host.id, GiB);
    const error = await expectError(await put(server.id, { enabled: false }, alice.headers), 409, "guaranteed_memory_unavailable");
    expect(error.message).toBe(
      "This server's host has not reported its memory yet, so it cannot guarantee memory to any server. Try again in a few minutes, or contact support if this persists.",
    );
    expect(error.details).toStrictEqual({ reason: "host_memory_unknown", requestedMiB: GiB, availableMiB: null });
    expect((await auditOf(server.id, "server.guaranteed_memory_refused"))[0]?.data).toStrictEqual({
      hostId: host.id,
      reason: "host_memory_unknown",
      requestedMiB: GiB,
      reservedMiB: 0,
      capacityMiB: null,
      physicalMiB: null,
      headroomMiB: 2 * GiB,
    });
    expect(await serverRow(server.id)).toStrictEqual(server);
    expect(await actionsOf(server.id)).toEqual([]);

    await recordReport({ hostId: host.id, domains: [], node: { memoryKiB: 64 * 1024 * 1024, cpus: 16, agentVersion: "test" } });
    expect((await put(server.id, { enabled: false }, alice.headers)).status).toBe(202);
  });
});
