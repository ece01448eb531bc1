import { beforeAll, describe, expect, it } from "vitest";
import { GET as showRoute } from "@/app/api/v1/servers/[id]/route.ts";
import { GET as memoryRoute } from "@/app/api/v1/servers/[id]/metrics/memory/route.ts";
import { PUT as ballooningRoute } from "@/app/api/v1/servers/[id]/settings/ballooning/route.ts";
import { db } from "@/lib/db/client.ts";
import { createHost, createServer, createUser, sessionCookieFor } from "@/tests/support/factories.ts";
import { apiRequest, routeContext } from "@/tests/support/http.ts";

// The reads a browser polls carry an ETag of their answer; asked again with If-None-Match, an answer
// that has not changed is a bodiless 304, and one that has is the whole new answer with a new tag.
// Who may read is decided first: a tag never answers for a server the caller may not see.

type Headers = Record<string, string>;
const sameSite = { origin: "http://localhost", host: "localhost" };
const show = (id: string, headers: Headers) => showRoute(apiRequest(`/api/v1/servers/${id}`, { headers }), routeContext({ id }));
const memory = (id: string, headers: Headers) =>
  memoryRoute(apiRequest(`/api/v1/servers/${id}/metrics/memory?range=24h`, { headers }), routeContext({ id }));

let owner: Headers;
let stranger: Headers;
let serverId: string;

beforeAll(async () => {
  const host = await createHost();
  const [alice, bob] = await Promise.all([createUser(), createUser()]);
  serverId = (await createServer({ ownerId: alice.id, hostId: host.id })).id;
  owner = { cookie: await sessionCookieFor(alice) };
  stranger = { cookie: await sessionCookieFor(bob) };
});

describe("conditional reads", () => {
  it("answers 304 with no body while the server is unchanged, and the new server once it changed", async () => {
    const first = await show(serverId, owner);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const before = (await first.json()) as { server: { ballooning: { enabled: boolean } } };

    const unchanged = await show(serverId, { ...owner, "if-none-match": etag ?? "" });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");
    expect(unchanged.headers.get("etag")).toBe(etag);

    const put = await ballooningRoute(
      apiRequest(`/api/v1/servers/${serverId}/settings/ballooning`, { method: "PUT", headers: { ...owner, ...sameSite }, body: JSON.stringify({ enabled: !before.server.ballooning.enabled, restart: "later" }) }),
      routeContext({ id: serverId }),
    );
    expect(put.status).toBe(200);
    const changed = await show(serverId, { ...owner, "if-none-match": etag ?? "" });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(((await changed.json()) as typeof before).server.ballooning.enabled).toBe(!before.server.ballooning.enabled);
  });

  it("gives the memory series a tag that a new reading changes", async () => {
    const first = await memory(serverId, owner);
    const etag = first.headers.get("etag") ?? "";
    expect((await memory(serverId, { ...owner, "if-none-match": `"other", ${etag}` })).status).toBe(304);
    await db().memorySample.create({ data: { serverId, at: new Date(), source: "guest", totalKiB: 4_194_304n, usedKiB: 1_048_576n } });
    const after = await memory(serverId, { ...owner, "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(((await after.json()) as { latest: { usedKiB: number } | null }).latest?.usedKiB).toBe(1_048_576);
  });

  it("answers another customer's server as missing, whatever tag they send", async () => {
    const etag = (await show(serverId, owner)).headers.get("etag") ?? "";
    const refused = await show(serverId, { ...stranger, "if-none-match": etag });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("etag")).toBeNull();
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });
});
