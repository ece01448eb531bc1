import { describe, expect, it } from "vitest";
import { AUDIT_KINDS } from "@/lib/audit/audit-event.ts";
import type { DomainReport } from "@/lib/contracts/provider.ts";
import { db } from "@/lib/db/client.ts";
import { parseHostDomains } from "@/lib/hosts/host-domains.ts";
import { recordReport } from "@/lib/hosts/record-report.ts";
import { createHost, createServer, createUser } from "@/tests/support/factories.ts";

// A host reports every 10 s and nearly always sees what is on record already: such a report writes
// the host's contact and the memory readings, but no server row. A change writes exactly its server.

const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

type Server = Awaited<ReturnType<typeof createServer>>;

function domainOf(server: Server, when: string, extra: Partial<DomainReport> = {}): DomainReport {
  return {
    name: server.domainName,
    virtualization: "kvm",
    state: "running",
    balloon: "virtio",
    pendingBalloon: "virtio",
    at: when,
    definitionsAt: when,
    memory: { at: when, source: "guest", totalKiB: 4_194_304, balloonKiB: 4_194_304, usedKiB: 1_000_000 + Math.round(Math.random() * 1000), availableKiB: 3_000_000, cacheKiB: 200_000, rssKiB: 3_900_000 },
    ...extra,
  };
}

/** Each server's row version: a new one for every UPDATE that touched the row, none otherwise. */
async function rowVersions(ids: string[]): Promise<Map<string, string>> {
  const rows = await db().$queryRaw<{ id: string; version: string }[]>`SELECT id::text, xmin::text AS version FROM servers WHERE id = ANY(${ids}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row.version]));
}

async function hostWithServers(count: number) {
  const host = await createHost();
  const owner = await createUser();
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) servers.push(await createServer({ ownerId: owner.id, hostId: host.id }));
  return { host, servers, ids: servers.map((server) => server.id) };
}

const balloonEvents = (serverId: string) => db().auditEvent.findMany({ where: { serverId, kind: AUDIT_KINDS.ballooningApplied } });

describe("a report that repeats what is on record", () => {
  it("writes no server row, yet records the readings and the host's contact", async () => {
    const { host, servers, ids } = await hostWithServers(3);
    await recordReport({ hostId: host.id, domains: servers.map((server) => domainOf(server, at(-20_000))), now: new Date(Date.now() - 20_000) });
    const first = await db().server.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    const versions = await rowVersions(ids);

    const again = await recordReport({ hostId: host.id, domains: servers.map((server) => domainOf(server, at(-10_000))), now: new Date(Date.now() - 10_000) });

    expect(again).toEqual({ recorded: 3, ignored: 0 });
    expect(await rowVersions(ids)).toStrictEqual(versions);
    expect(await db().server.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } })).toStrictEqual(first);
    expect(await db().memorySample.count({ where: { serverId: { in: ids } } })).toBe(6);
    expect((await db().host.findUniqueOrThrow({ where: { id: host.id } })).lastSeenAt?.getTime()).toBeGreaterThan(Date.now() - 15_000);
  });

  it("sets the times of a server never observed, once", async () => {
    const { host, servers, ids } = await hostWithServers(1);
    const [server] = servers;
    if (!server) throw new Error("no server");
    const seen = at(-20_000);
    await recordReport({ hostId: host.id, domains: [domainOf(server, seen)] });
    expect(await db().server.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({ observedAt: new Date(seen), stateObservedAt: new Date(seen), status: "running" });
    const versions = await rowVersions(ids);
    await recordReport({ hostId: host.id, domains: [domainOf(server, at(-10_000))] });
    expect(await rowVersions(ids)).toStrictEqual(versions);
  });
});

describe("a report in which one domain changed", () => {
  it("writes exactly that server, with the time the change was seen", async () => {
    const { host, servers, ids } = await hostWithServers(4);
    await recordReport({ hostId: host.id, domains: servers.map((server) => domainOf(server, at(-20_000))) });
    const versions = await rowVersions(ids);
    const changed = servers[2];
    if (!changed) throw new Error("no server");

    const seen = at(-10_000);
    await recordReport({ hostId: host.id, domains: servers.map((server) => domainOf(server, seen, server === changed ? { state: "shutoff" } : {})) });

    const after = await rowVersions(ids);
    expect(ids.filter((id) => after.get(id) !== versions.get(id))).toEqual([changed.id]);
    expect(await db().server.findUniqueOrThrow({ where: { id: changed.id } })).toMatchObject({ status: "stopped", stateObservedAt: new Date(seen) });
  });

  it("records a balloon the domain now runs with once, with its audit event, however often it is reported", async () => {
    const { host, servers } = await hostWithServers(2);
    const [server, other] = servers;
    if (!server || !other) throw new Error("no server");
    const seen = at(-30_000);
    await recordReport({ hostId: host.id, domains: [domainOf(server, seen, { balloon: "none", pendingBalloon: "none" }), domainOf(other, seen)] });
    await recordReport({ hostId: host.id, domains: [domainOf(server, at(-20_000), { balloon: "none", pendingBalloon: "none" }), domainOf(other, at(-20_000))] });

    expect(await db().server.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({ observedBalloon: "none", ranWithBalloon: "none", observedAt: new Date(seen) });
    const events = await balloonEvents(server.id);
    expect(events.map((event) => ({ data: event.data, createdAt: event.createdAt }))).toEqual([{ data: { enabled: false, from: "virtio", to: "none" }, createdAt: new Date(seen) }]);
    expect(await balloonEvents(other.id)).toEqual([]);
  });

  it("is recorded once when two agents of the host report it at the same time", async () => {
    const { host, servers } = await hostWithServers(5);
    const seen = at(-10_000);
    const domains = servers.map((server) => domainOf(server, seen, { balloon: "none", pendingBalloon: "none" }));
    const reports = await Promise.allSettled([recordReport({ hostId: host.id, domains }), recordReport({ hostId: host.id, domains: [...domains].reverse() })]);
    expect(reports.map((report) => report.status)).toEqual(["fulfilled", "fulfilled"]);
    for (const server of servers) expect(await balloonEvents(server.id)).toHaveLength(1);
  });
});

describe("late reports after unchanged ones", () => {
  it("still leave a newer change alone", async () => {
    const { host, servers } = await hostWithServers(1);
    const [server] = servers;
    if (!server) throw new Error("no server");
    const started = at(-10_000);
    await recordReport({ hostId: host.id, domains: [domainOf(server, at(-30_000), { state: "shutoff" })] });
    await recordReport({ hostId: host.id, domains: [domainOf(server, started)] }); // a change: written
    await recordReport({ hostId: host.id, domains: [domainOf(server, at(-5_000))] }); // unchanged: not written
    // A second agent's report made before the change was seen, arriving last.
    await recordReport({ hostId: host.id, domains: [domainOf(server, at(-20_000), { state: "shutoff", balloon: "none", pendingBalloon: "none" })] });
    expect(await db().server.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({
      status: "running",
      observedBalloon: "virtio",
      stateObservedAt: new Date(started),
      observedAt: new Date(started),
    });
    expect(await balloonEvents(server.id)).toEqual([]);
  });
});

describe("the host's list of domains", () => {
  it("follows the report when a domain appears or changes", async () => {
    const { host, servers } = await hostWithServers(2);
    const [first, second] = servers;
    if (!first || !second) throw new Error("no server");
    await recordReport({ hostId: host.id, domains: [domainOf(first, at(-20_000))] });
    await recordReport({ hostId: host.id, domains: [domainOf(first, at(-10_000)), domainOf(second, at(-10_000), { state: "paused" })] });
    const listed = parseHostDomains((await db().host.findUniqueOrThrow({ where: { id: host.id } })).domains);
    expect(listed.map((domain) => [domain.name, domain.state])).toEqual([
      [first.domainName, "running"],
      [second.domainName, "paused"],
    ]);
  });
});
