import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/v1/servers/route.ts";
import { GET as showRoute } from "@/app/api/v1/servers/[id]/route.ts";
import { PUT as ballooningRoute } from "@/app/api/v1/servers/[id]/settings/ballooning/route.ts";
import { GET as unknownGet, POST as unknownPost } from "@/app/api/[...path]/route.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import { createHost, createServer, createUser, sessionCookieFor } from "@/tests/support/factories.ts";
import { apiRequest, bearer, expectError, fieldsNamed, routeContext } from "@/tests/support/http.ts";

type Headers = Record<string, string>;
const sameSite = { origin: "http://localhost", host: "localhost" };
const list = (headers: Headers, init: { method?: string; body?: string; query?: string } = {}) =>
  listRoute(apiRequest(`/api/v1/servers${init.query ?? ""}`, { headers, ...init }));
const show = (id: string, headers: Headers, query = "") =>
  showRoute(apiRequest(`/api/v1/servers/${encodeURIComponent(id)}${query}`, { headers }), routeContext({ id }));
const idsIn = async (response: Response) => ((await response.json()) as { servers: { id: string }[] }).servers.map((s) => s.id).sort();

let alice: Headers; // a customer with a KVM and an LXC server
let bob: Headers; // another customer with one server
let aliceServerIds: string[];
let aliceLxcId: string;
let aliceKvmId: string;
let bobServerId: string;
let aliceId: string;

beforeAll(async () => {
  const host = await createHost();
  const [a, b] = await Promise.all([createUser(), createUser()]);
  const kvm = await createServer({ ownerId: a.id, hostId: host.id });
  const lxc = await createServer({ ownerId: a.id, hostId: host.id, virtualization: "lxc", ballooningEnabled: false });
  bobServerId = (await createServer({ ownerId: b.id, hostId: host.id })).id;
  aliceServerIds = [kvm.id, lxc.id].sort();
  aliceLxcId = lxc.id;
  aliceKvmId = kvm.id;
  aliceId = a.id;
  alice = { cookie: await sessionCookieFor(a) };
  bob = { cookie: await sessionCookieFor(b) };
});

describe("GET /api/v1/servers", () => {
  it("lists only the caller's own servers", async () => {
    expect(await idsIn(await list(alice))).toEqual(aliceServerIds);
    expect(await idsIn(await list(bob))).toEqual([bobServerId]);
  });

  it("describes an LXC server exactly as API.md's Server, with ballooning unsupported", async () => {
    const { servers } = (await (await list(alice)).json()) as { servers: { id: string }[] };
    const record = await db().server.findUniqueOrThrow({ where: { id: aliceLxcId } });
    expect(servers.find((server) => server.id === aliceLxcId)).toStrictEqual({
      id: record.id, name: record.name, status: "running", virtualization: "lxc", memoryMiB: 4096, vcpus: 2, diskGiB: null, image: "debian-12",
      ballooning: { supported: false, enabled: false, applied: false, pendingRestart: false },
    });
  });
});

describe("GET /api/v1/servers/{id}", () => {
  it("answers the caller's own KVM server, pending a restart while desired and observed ballooning differ", async () => {
    const [owner, host] = await Promise.all([createUser(), createHost()]);
    const server = await createServer({ ownerId: owner.id, hostId: host.id, ballooningEnabled: false, diskGiB: 80 });
    await db().server.update({ where: { id: server.id }, data: { observedBalloon: "virtio" } });
    const response = await show(server.id, { cookie: await sessionCookieFor(owner) });
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      server: {
        id: server.id, name: server.name, status: "running", virtualization: "kvm", memoryMiB: 4096, vcpus: 2, diskGiB: 80, image: "debian-12",
        ballooning: { supported: true, enabled: false, applied: true, pendingRestart: true },
      },
    });
  });

  it("answers 404 for another customer's server, exactly as for a missing one", async () => {
    const foreign = await expectError(await show(bobServerId, alice), 404, "server_not_found");
    const missing = await expectError(await show(randomUUID(), alice), 404, "server_not_found");
    expect(foreign).toStrictEqual(missing);
  });

  it.each([
    ["a word", "not-a-uuid"],
    ["a path traversal", "../etc"],
    ["a 10,000-character string", "x".repeat(10_000)],
    ["an SQL injection", "' OR 1=1 --"],
    ["a uuid with a trailing quote", `${randomUUID()}'`],
  ])("answers 404, never 500, for an id that is %s", async (_label, id) => {
    await expectError(await show(id, alice), 404, "server_not_found");
  });
});

describe("authentication", () => {
  it("answers 401 without credentials", async () => {
    await expectError(await list({}), 401, "unauthorized");
    await expectError(await show(aliceServerIds[0] ?? "", {}), 401, "unauthorized");
  });

  it("answers 401 to a garbage session cookie or one signed with another secret", async () => {
    const forged = await encode({ token: { uid: aliceId, sub: aliceId, role: "customer" }, secret: "not-the-server-secret" });
    for (const cookie of ["next-auth.session-token=garbage", `next-auth.session-token=${forged}`, "next-auth.session-token.0=abc"]) {
      await expectError(await list({ cookie }), 401, "unauthorized");
    }
  });

  it("answers 401, not 500, to a session cookie that is not valid percent-encoding", async () => {
    await expectError(await list({ cookie: "next-auth.session-token=%E0%A4%A" }), 401, "unauthorized");
  });

  it("answers 401 to the session cookie of a deleted account", async () => {
    const gone = await createUser();
    const cookie = await sessionCookieFor(gone);
    await db().user.delete({ where: { id: gone.id } });
    await expectError(await list({ cookie }), 401, "unauthorized");
  });

  it("accepts a personal API token as a bearer token and records its use", async () => {
    const { token, id } = await createApiToken({ userId: aliceId, name: "ci" });
    expect(await idsIn(await list(bearer(token)))).toEqual(aliceServerIds);
    expect((await db().apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeInstanceOf(Date);
  });

  it("answers 401 to a revoked, an expired or an unknown token", async () => {
    const revoked = await createApiToken({ userId: aliceId, name: "revoked" });
    await db().apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    const expired = await createApiToken({ userId: aliceId, name: "expired", expiresAt: new Date(Date.now() - 1000) });
    for (const token of [revoked.token, expired.token, `vpsd_${"A".repeat(43)}`]) {
      await expectError(await list(bearer(token)), 401, "unauthorized");
    }
  });

  it("answers 401 to any scheme but Bearer, even with a valid session cookie alongside", async () => {
    const { token } = await createApiToken({ userId: aliceId, name: "schemes" });
    for (const authorization of [`Basic ${token}`, `Token ${token}`, token, "Bearer", "Bearer "]) {
      await expectError(await list({ authorization, ...alice }), 401, "unauthorized");
    }
  });
});

// A state-changing request that changes nothing when it is accepted: ballooning stays on, restart later.
describe("cross-site protection of session cookies", () => {
  const put = (headers: Headers) =>
    ballooningRoute(
      apiRequest(`/api/v1/servers/${aliceKvmId}/settings/ballooning`, { method: "PUT", headers, body: JSON.stringify({ enabled: true, restart: "later" }) }),
      routeContext({ id: aliceKvmId }),
    );

  it("refuses a state-changing request without an Origin, or from another site, with 403", async () => {
    await expectError(await put({ ...alice, host: "localhost" }), 403, "cross_site_request");
    await expectError(await put({ ...alice, host: "localhost", origin: "https://evil.example" }), 403, "cross_site_request");
  });

  it("refuses an opaque Origin (`null`) with 403, not 500", async () => {
    await expectError(await put({ ...alice, host: "localhost", origin: "null" }), 403, "cross_site_request");
  });

  it("accepts a state-changing request from the dashboard's own origin", async () => {
    expect((await put({ ...alice, ...sameSite })).status).toBe(200);
  });

  it("needs no Origin for a safe method, nor for a bearer token", async () => {
    const { token } = await createApiToken({ userId: aliceId, name: "no-origin" });
    expect((await list(alice)).status).toBe(200);
    expect((await put(bearer(token))).status).toBe(200);
  });
});

describe("input validation", () => {
  it("answers 400 naming an unknown query parameter", async () => {
    expect(fieldsNamed(await expectError(await list(alice, { query: "?verbose=1" }), 400, "invalid_input"))).toEqual(["verbose"]);
    expect(fieldsNamed(await expectError(await show(aliceLxcId, alice, "?expand=host"), 400, "invalid_input"))).toEqual(["expand"]);
  });

  it("answers 400 to a body that is not JSON", async () => {
    await expectError(await list({ ...alice, ...sameSite }, { method: "POST", body: "{ not json" }), 400, "invalid_input");
  });

  it("answers 400 naming each field of a body sent to a route that takes none", async () => {
    const response = await list({ ...alice, ...sameSite }, { method: "POST", body: '{"force":true,"name":"x"}' });
    expect(fieldsNamed(await expectError(response, 400, "invalid_input"))).toEqual(["force", "name"]);
  });
});

describe("unknown API paths", () => {
  it("answer 404 with the API's error body", async () => {
    await expectError(await unknownGet(apiRequest("/api/v1/nothing")), 404, "not_found");
    await expectError(await unknownPost(apiRequest("/api/v1/nothing", { method: "POST", body: "{}" })), 404, "not_found");
  });
});
