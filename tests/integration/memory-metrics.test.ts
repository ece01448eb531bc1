import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as memoryRoute } from "@/app/api/v1/servers/[id]/metrics/memory/route.ts";
import { db } from "@/lib/db/client.ts";
import type { DomainReport } from "@/lib/contracts/provider.ts";
import { recordReport } from "@/lib/hosts/record-report.ts";
import { ensureSamplePartitions, utcDaysBetween } from "@/lib/metrics/sample-partitions.ts";
import * as z from "zod/mini";
import { memorySeriesSchema, withPointObjects } from "@/lib/contracts/metrics.ts";
import { createHost, createServer, createUser, sessionCookieFor } from "@/tests/support/factories.ts";
import { apiRequest, expectError, fieldsNamed, routeContext } from "@/tests/support/http.ts";

type Headers = Record<string, string>;
/** The answer checked against its contract, with its point rows as objects. */
const seriesOf = async (response: Response) => withPointObjects(z.parse(memorySeriesSchema, await response.json()));

const get = (id: string, headers: Headers, query: string) =>
  memoryRoute(apiRequest(`/api/v1/servers/${id}/metrics/memory${query}`, { headers }), routeContext({ id }));

let alice: Headers;
let hostId: string;
let hostViewId: string; // KVM server without a balloon driver: host samples, rss only
let guestViewId: string; // guest samples with every figure
let emptyId: string;
let bobServerId: string;

// Raw samples every 10 s for the last 25 h, and 5-minute roll-ups for 30 days before that.
async function seedHistory(serverId: string, source: "guest" | "host") {
  const guest = source === "guest";
  await db().$transaction((tx) => ensureSamplePartitions(tx, utcDaysBetween(new Date(Date.now() - 26 * 3_600_000), new Date(Date.now() + 3_600_000))));
  await db().$executeRaw`
    INSERT INTO memory_samples (server_id, at, source, total_kib, balloon_kib, used_kib, available_kib, cache_kib, rss_kib)
    SELECT ${serverId}::uuid, at, ${source}::"MemorySource", 4194304,
           CASE WHEN ${guest} THEN 4194304 END, CASE WHEN ${guest} THEN 1048576 END,
           CASE WHEN ${guest} THEN 3145728 END, CASE WHEN ${guest} THEN 524288 END, 2097152
    FROM generate_series(now() - interval '25 hours', now(), interval '10 seconds') AS at`;
  await db().$executeRaw`
    INSERT INTO memory_rollups (server_id, bucket_start, source, sample_count, total_kib, balloon_kib, available_kib,
                                cache_kib, used_min_kib, used_avg_kib, used_max_kib, rss_min_kib, rss_avg_kib, rss_max_kib)
    SELECT ${serverId}::uuid, bucket, ${source}::"MemorySource", 30, 4194304,
           CASE WHEN ${guest} THEN 4194304 END, CASE WHEN ${guest} THEN 3145728 END, CASE WHEN ${guest} THEN 524288 END,
           CASE WHEN ${guest} THEN 1000000 END, CASE WHEN ${guest} THEN 1048576 END, CASE WHEN ${guest} THEN 1100000 END,
           2000000, 2097152, 2200000
    FROM generate_series(date_bin(interval '5 minutes', now() - interval '31 days', timestamptz '2000-01-01 00:00:00+00'),
                         now() - interval '20 minutes', interval '5 minutes') AS bucket`;
}

beforeAll(async () => {
  const host = await createHost();
  hostId = host.id;
  const [a, b] = await Promise.all([createUser(), createUser()]);
  hostViewId = (await createServer({ ownerId: a.id, hostId: host.id, ballooningEnabled: false })).id;
  guestViewId = (await createServer({ ownerId: a.id, hostId: host.id })).id;
  emptyId = (await createServer({ ownerId: a.id, hostId: host.id })).id;
  bobServerId = (await createServer({ ownerId: b.id, hostId: host.id })).id;
  await Promise.all([seedHistory(hostViewId, "host"), seedHistory(guestViewId, "guest"), seedHistory(bobServerId, "guest")]);
  alice = { cookie: await sessionCookieFor(a) };
});

describe("GET /api/v1/servers/{id}/metrics/memory", () => {
  it("answers 404 for another customer's server, exactly as for a missing one", async () => {
    const foreign = await expectError(await get(bobServerId, alice, "?range=1h"), 404, "server_not_found");
    const missing = await expectError(await get(randomUUID(), alice, "?range=1h"), 404, "server_not_found");
    expect(foreign).toStrictEqual(missing);
  });

  it.each([
    ["a missing range", ""],
    ["an unknown range", "?range=2h"],
    ["an empty range", "?range="],
  ])("answers 400 for %s", async (_label, query) => {
    const error = await expectError(await get(guestViewId, alice, query), 400, "invalid_input");
    expect(fieldsNamed(error)).toEqual(["range"]);
  });

  it("refuses unknown query fields", async () => {
    const error = await expectError(await get(guestViewId, alice, "?range=1h&step=10"), 400, "invalid_input");
    expect(fieldsNamed(error)).toEqual(["step"]);
  });

  it.each([
    ["1h", 178, 181],
    ["24h", 142, 145],
    ["7d", 165, 170],
    ["30d", 178, 181],
  ])("answers %s with between %i and %i points in time order", async (range, least, most) => {
    const response = await get(guestViewId, alice, `?range=${range}`);
    expect(response.status).toBe(200);
    const { points } = await seriesOf(response);
    expect(points.length).toBeGreaterThanOrEqual(least);
    expect(points.length).toBeLessThanOrEqual(most);
    expect(points.length).toBeLessThanOrEqual(500);
    const times = points.map((point) => Date.parse(point.at));
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it.each(["1h", "24h", "7d", "30d"])("shows figures the host cannot give as null, not zero (%s)", async (range) => {
    const series = await seriesOf(await get(hostViewId, alice, `?range=${range}`));
    expect(series.source).toBe("host");
    expect(series.latest).toMatchObject({ totalKiB: 4194304, rssKiB: 2097152, usedKiB: null, balloonKiB: null, availableKiB: null, cacheKiB: null });
    for (const point of series.points) {
      expect(point).toMatchObject({ totalKiB: 4194304, rssKiB: 2097152, usedKiB: null, balloonKiB: null, availableKiB: null, cacheKiB: null });
    }
  });

  it("reports the guest source and every figure for a server with guest samples", async () => {
    const series = await seriesOf(await get(guestViewId, alice, "?range=24h"));
    expect(series.source).toBe("guest");
    expect(series.latest).toMatchObject({ totalKiB: 4194304, balloonKiB: 4194304, usedKiB: 1048576, availableKiB: 3145728, cacheKiB: 524288, rssKiB: 2097152 });
    expect(series.points.at(-1)).toMatchObject({ usedKiB: 1048576, cacheKiB: 524288 });
  });

  it("answers a server without samples with the host source, no latest reading and no points", async () => {
    const response = await get(emptyId, alice, "?range=30d");
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ source: "host", latest: null, points: [], events: [] });
  });
});

describe("markers where ballooning was switched", () => {
  const MINUTE = 60_000;
  // A host agent's report of one domain, `minutesAgo`: the live balloon, and no memory reading.
  const report = async (domainName: string, balloon: DomainReport["balloon"], minutesAgo: number, state: DomainReport["state"] = "running") => {
    const at = new Date(Date.now() - minutesAgo * MINUTE);
    await recordReport({ hostId, now: at, domains: [{ name: domainName, state, virtualization: "kvm", balloon, memory: null }] });
    return at.toISOString();
  };
  const eventsOf = async (serverId: string, range: string, headers: Headers = alice) =>
    (await seriesOf(await get(serverId, headers, `?range=${range}`))).events;
  const aliceServer = async () => {
    const { ownerId } = await db().server.findUniqueOrThrow({ where: { id: guestViewId }, select: { ownerId: true } });
    return createServer({ ownerId, hostId });
  };

  it("marks each change of the running domain's balloon once, at the report that first saw it", async () => {
    const server = await aliceServer(); // observed with a virtio balloon
    await report(server.domainName, "virtio", 50); // unchanged: no marker
    const off = await report(server.domainName, "none", 40);
    await report(server.domainName, "none", 39); // seen again: no second marker
    await report(server.domainName, null, 30); // unknown proves nothing either way…
    await report(server.domainName, "none", 29); // …so unknown → none is not a switch
    const on = await report(server.domainName, "virtio", 20);

    expect(await eventsOf(server.id, "1h")).toStrictEqual([
      { at: off, kind: "ballooning_disabled" },
      { at: on, kind: "ballooning_enabled" },
    ]);
  });

  it("leaves out switches before the range", async () => {
    const server = await aliceServer();
    await report(server.domainName, "none", 3 * 60); // three hours ago
    await report(server.domainName, "virtio", 10);
    expect((await eventsOf(server.id, "1h")).map((event) => event.kind)).toStrictEqual(["ballooning_enabled"]);
    expect((await eventsOf(server.id, "24h")).map((event) => event.kind)).toStrictEqual(["ballooning_disabled", "ballooning_enabled"]);
  });

  it("marks a stopped server's change when it runs with it, not when its definition changed", async () => {
    const server = await aliceServer(); // running with a virtio balloon
    await report(server.domainName, "virtio", 30, "shutoff"); // the guest powered itself off
    await report(server.domainName, "none", 25, "shutoff"); // its definition changed while stopped
    const started = await report(server.domainName, "none", 20); // running without a balloon from here
    expect(await eventsOf(server.id, "1h")).toStrictEqual([{ at: started, kind: "ballooning_disabled" }]);
  });

  it("shows a customer their own markers, and another customer's to no one else", async () => {
    const bobServer = await db().server.findUniqueOrThrow({ where: { id: bobServerId }, include: { owner: true } });
    const switched = await report(bobServer.domainName, "none", 5);
    const bob = { cookie: await sessionCookieFor(bobServer.owner) };
    expect(await eventsOf(bobServerId, "1h", bob)).toStrictEqual([{ at: switched, kind: "ballooning_disabled" }]);
    expect((await get(bobServerId, alice, "?range=1h")).status).toBe(404);
  });
});
