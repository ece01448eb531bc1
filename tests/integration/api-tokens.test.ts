import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listServersRoute } from "@/app/api/v1/servers/route.ts";
import { GET as showServerRoute } from "@/app/api/v1/servers/[id]/route.ts";
import { GET as memoryRoute } from "@/app/api/v1/servers/[id]/metrics/memory/route.ts";
import { GET as serverActionsRoute } from "@/app/api/v1/servers/[id]/actions/route.ts";
import { PUT as ballooningRoute } from "@/app/api/v1/servers/[id]/settings/ballooning/route.ts";
import { POST as restartRoute } from "@/app/api/v1/servers/[id]/actions/restart/route.ts";
import { POST as reinstallRoute } from "@/app/api/v1/servers/[id]/actions/reinstall/route.ts";
import { DELETE as signOutEverywhereRoute } from "@/app/api/v1/sessions/route.ts";
import { GET as listTokensRoute, POST as createTokenRoute } from "@/app/api/v1/tokens/route.ts";
import { DELETE as revokeTokenRoute } from "@/app/api/v1/tokens/[id]/route.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import type { ApiTokenView } from "@/lib/contracts/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import type { ApiTokenScope } from "@/lib/db/generated/enums.ts";
import { browserHeadersFor, createHost, createServer, createUser } from "@/tests/support/factories.ts";
import { apiRequest, bearer, expectError, fieldsNamed, routeContext } from "@/tests/support/http.ts";

// Personal API tokens with a scope: a read-only token reads everything its owner may and changes
// nothing, on every route that would change something; tokens are made and revoked from the
// dashboard only, and listed without their secret or hash.

type Headers = Record<string, string>;
const DAY_MS = 24 * 60 * 60_000;

const send = (method: string, path: string, headers: Headers, body?: unknown) =>
  apiRequest(path, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });

const listServers = (headers: Headers) => listServersRoute(send("GET", "/api/v1/servers", headers));
const showServer = (id: string, headers: Headers) => showServerRoute(send("GET", `/api/v1/servers/${id}`, headers), routeContext({ id }));
const memory = (id: string, headers: Headers) => memoryRoute(send("GET", `/api/v1/servers/${id}/metrics/memory?range=1h`, headers), routeContext({ id }));
const serverActions = (id: string, headers: Headers) => serverActionsRoute(send("GET", `/api/v1/servers/${id}/actions`, headers), routeContext({ id }));
const setBallooning = (id: string, headers: Headers, body: unknown = { enabled: false, restart: "later" }) =>
  ballooningRoute(send("PUT", `/api/v1/servers/${id}/settings/ballooning`, headers, body), routeContext({ id }));
const restart = (id: string, headers: Headers) => restartRoute(send("POST", `/api/v1/servers/${id}/actions/restart`, headers, { mode: "graceful" }), routeContext({ id }));
const reinstall = (id: string, name: string, headers: Headers) =>
  reinstallRoute(send("POST", `/api/v1/servers/${id}/actions/reinstall`, headers, { image: "debian-12", confirmName: name }), routeContext({ id }));
const signOutEverywhere = (headers: Headers) => signOutEverywhereRoute(send("DELETE", "/api/v1/sessions", headers));
const listTokens = (headers: Headers) => listTokensRoute(send("GET", "/api/v1/tokens", headers));
const createToken = (headers: Headers, body: unknown) => createTokenRoute(send("POST", "/api/v1/tokens", headers, body));
const revokeToken = (id: string, headers: Headers) => revokeTokenRoute(send("DELETE", `/api/v1/tokens/${id}`, headers), routeContext({ id }));

const json = async <T>(response: Response, status: number): Promise<T> => {
  expect({ status: response.status, body: await response.clone().text() }).toMatchObject({ status });
  return (await response.json()) as T;
};

let ownerId: string;
let browser: Headers; // the owner's session cookie, from the dashboard's own origin
let stranger: Headers; // another customer's browser
let hostId: string;

beforeAll(async () => {
  const [owner, other, host] = await Promise.all([createUser(), createUser(), createHost()]);
  ownerId = owner.id;
  hostId = host.id;
  browser = await browserHeadersFor(owner);
  stranger = await browserHeadersFor(other);
});

const tokenOf = async (scope: ApiTokenScope, options: { expiresAt?: Date } = {}) => {
  const { token, id } = await createApiToken({ userId: ownerId, name: `${scope} test`, scope, ...options });
  return { headers: bearer(token), id };
};
const kvm = () => createServer({ ownerId, hostId });
const lxc = () => createServer({ ownerId, hostId, virtualization: "lxc", ballooningEnabled: false });

/** What a write would leave behind for this owner: servers, actions, audit events, tokens, sessions. */
async function ownerState() {
  const servers = await db().server.findMany({ where: { ownerId }, orderBy: { id: "asc" } });
  const serverIds = servers.map((server) => server.id);
  return {
    servers,
    actions: await db().action.findMany({ where: { serverId: { in: serverIds } }, orderBy: { id: "asc" } }),
    audit: await db().auditEvent.findMany({ where: { OR: [{ actorId: ownerId }, { serverId: { in: serverIds } }] }, orderBy: { id: "asc" } }),
    tokens: await db().apiToken.findMany({ where: { userId: ownerId }, orderBy: { id: "asc" }, omit: { lastUsedAt: true } }),
    sessions: await db().session.findMany({ where: { userId: ownerId }, orderBy: { id: "asc" }, omit: { lastSeenAt: true } }),
  };
}

describe("a read-only API token", () => {
  it("reads the owner's servers, a server, its memory, its actions and the owner's tokens", async () => {
    const { headers } = await tokenOf("read");
    const server = await kvm();
    expect((await json<{ servers: { id: string }[] }>(await listServers(headers), 200)).servers.map((listed) => listed.id)).toContain(server.id);
    expect((await json<{ server: { id: string } }>(await showServer(server.id, headers), 200)).server.id).toBe(server.id);
    expect((await memory(server.id, headers)).status).toBe(200);
    expect((await serverActions(server.id, headers)).status).toBe(200);
    expect((await listTokens(headers)).status).toBe(200);
  });

  it("is refused with 403 token_read_only on every route that changes something, and nothing changes", async () => {
    const { headers, id } = await tokenOf("read");
    const [server, container] = await Promise.all([kvm(), lxc()]);
    const before = await ownerState();
    const writes: [string, () => Promise<Response>][] = [
      ["PUT ballooning", () => setBallooning(server.id, headers)],
      ["POST restart", () => restart(server.id, headers)],
      ["POST reinstall", () => reinstall(container.id, container.name, headers)],
      ["DELETE sessions", () => signOutEverywhere(headers)],
      ["POST tokens", () => createToken(headers, { name: "more", scope: "read_write" })],
      ["DELETE tokens/{id}", () => revokeToken(id, headers)],
    ];
    for (const [name, write] of writes) {
      const error = await expectError(await write(), 403, "token_read_only");
      expect(error.message, name).toMatch(/only read/);
    }
    expect(await ownerState()).toStrictEqual(before);
  });

  it("is refused before its request is read: an invalid body or another customer's server answers 403 too", async () => {
    const { headers } = await tokenOf("read");
    const [server, foreign] = await Promise.all([kvm(), createServer({ ownerId: (await createUser()).id, hostId })]);
    await expectError(await setBallooning(server.id, headers, { enabled: "maybe" }), 403, "token_read_only");
    await expectError(await setBallooning(foreign.id, headers), 403, "token_read_only");
  });
});

describe("a read-and-write API token", () => {
  it("changes ballooning and restarts the owner's server", async () => {
    const { headers } = await tokenOf("read_write");
    const server = await kvm();
    expect((await setBallooning(server.id, headers)).status).toBe(200);
    expect((await db().server.findUniqueOrThrow({ where: { id: server.id } })).ballooningEnabled).toBe(false);
    expect((await restart(server.id, headers)).status).toBe(202);
    expect(await db().action.count({ where: { serverId: server.id, command: "restart" } })).toBe(1);
  });

  it("is read_write when made without a scope, as every token from before scopes is", async () => {
    const { id } = await createApiToken({ userId: ownerId, name: "old script" });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id } })).scope).toBe("read_write");
  });

  it("may not create or revoke tokens (403 forbidden): a leaked token cannot make more", async () => {
    const { headers, id } = await tokenOf("read_write");
    const before = await ownerState();
    await expectError(await createToken(headers, { name: "another", scope: "read_write" }), 403, "forbidden");
    await expectError(await revokeToken(id, headers), 403, "forbidden");
    expect(await ownerState()).toStrictEqual(before);
  });
});

describe("tokens that no longer count", () => {
  it("answers 401 to a token revoked through the API, and to an expired one", async () => {
    const revoked = await tokenOf("read_write");
    expect((await listServers(revoked.headers)).status).toBe(200);
    await json(await revokeToken(revoked.id, browser), 200);
    await expectError(await listServers(revoked.headers), 401, "unauthorized");
    await expectError(await setBallooning((await kvm()).id, revoked.headers), 401, "unauthorized");

    const expired = await tokenOf("read", { expiresAt: new Date(Date.now() - 1000) });
    await expectError(await listServers(expired.headers), 401, "unauthorized");
    await expectError(await showServer((await kvm()).id, expired.headers), 401, "unauthorized");
  });
});

describe("GET /api/v1/tokens", () => {
  it("lists the caller's tokens that are not revoked, newest first, expired ones too, never a hash or a secret", async () => {
    const user = await createUser();
    const headers = await browserHeadersFor(user);
    const made: Awaited<ReturnType<typeof createApiToken>>[] = [];
    for (const [i, scope] of (["read", "read_write", "read"] as const).entries()) {
      const created = await createApiToken({ userId: user.id, name: `script ${i}`, scope, expiresAt: i === 2 ? new Date(Date.now() - 1000) : undefined });
      // A second apart, so that newest first is one order.
      await db().apiToken.update({ where: { id: created.id }, data: { createdAt: new Date(Date.now() - (3 - i) * 1000) } });
      made.push(created);
    }
    const revoked = await createApiToken({ userId: user.id, name: "revoked" });
    await db().apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    await createApiToken({ userId: ownerId, name: "someone else's" });

    const response = await listTokens(headers);
    const text = await response.clone().text();
    const { tokens } = await json<{ tokens: ApiTokenView[] }>(response, 200);
    expect(tokens.map((token) => token.id)).toStrictEqual(made.map((token) => token.id).reverse());
    for (const token of tokens) expect(Object.keys(token).sort()).toStrictEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix", "scope"]);
    for (const { id, token } of made) {
      const row = await db().apiToken.findUniqueOrThrow({ where: { id } });
      expect(text).not.toContain(row.tokenHash);
      expect(text).not.toContain(token);
      expect(tokens.find((listed) => listed.id === id)).toStrictEqual({
        id,
        name: row.name,
        prefix: token.slice(0, 11),
        scope: row.scope,
        createdAt: row.createdAt.toISOString(),
        lastUsedAt: null,
        expiresAt: row.expiresAt?.toISOString() ?? null,
      });
    }
  });
});

describe("POST /api/v1/tokens", () => {
  it("answers 201 with the secret once and the listed fields, the name trimmed, and writes token.created without the secret", async () => {
    const expiresAt = new Date(Date.now() + 30 * DAY_MS).toISOString();
    const answer = await json<{ token: ApiTokenView; secret: string }>(await createToken(browser, { name: "  backup script  ", scope: "read", expiresAt }), 201);
    expect(answer.token).toMatchObject({ name: "backup script", scope: "read", expiresAt, lastUsedAt: null, prefix: answer.secret.slice(0, 11) });
    expect(answer.secret).toMatch(/^vpsd_[A-Za-z0-9_-]{43}$/);
    const { tokens } = await json<{ tokens: ApiTokenView[] }>(await listTokens(browser), 200);
    expect(tokens.find((token) => token.id === answer.token.id)).toStrictEqual(answer.token);

    // The secret works, within its scope.
    expect((await listServers(bearer(answer.secret))).status).toBe(200);
    await expectError(await setBallooning((await kvm()).id, bearer(answer.secret)), 403, "token_read_only");

    const events = await db().auditEvent.findMany({ where: { kind: "token.created", actorId: ownerId } });
    const event = events.find((candidate) => JSON.stringify(candidate.data).includes(answer.token.id));
    expect(event?.data).toStrictEqual({ tokenId: answer.token.id, name: "backup script", prefix: answer.token.prefix, scope: "read", expiresAt });
    expect(JSON.stringify(events.map((candidate) => candidate.data))).not.toContain(answer.secret);
  });

  it("makes a token that never expires when expiresAt is left out or null", async () => {
    for (const body of [{ name: "forever", scope: "read_write" }, { name: "forever", scope: "read_write", expiresAt: null }]) {
      expect((await json<{ token: ApiTokenView }>(await createToken(browser, body), 201)).token.expiresAt).toBeNull();
    }
  });

  it.each([
    ["an empty name", { name: "   ", scope: "read" }, ["name"]],
    ["a name of 101 characters", { name: "x".repeat(101), scope: "read" }, ["name"]],
    ["no name", { scope: "read" }, ["name"]],
    ["an unknown scope", { name: "ci", scope: "admin" }, ["scope"]],
    ["no scope", { name: "ci" }, ["scope"]],
    ["an expiry in the past", { name: "ci", scope: "read", expiresAt: new Date(Date.now() - 60_000).toISOString() }, ["expiresAt"]],
    ["an expiry more than a year ahead", { name: "ci", scope: "read", expiresAt: new Date(Date.now() + 400 * DAY_MS).toISOString() }, ["expiresAt"]],
    ["an expiry that is no time", { name: "ci", scope: "read", expiresAt: "next tuesday" }, ["expiresAt"]],
    ["an unknown field", { name: "ci", scope: "read", admin: true }, ["admin"]],
    ["every field wrong at once", { name: "", scope: "all", expiresAt: "2000-01-01T00:00:00Z", extra: 1 }, ["expiresAt", "extra", "name", "scope"]],
  ])("answers 400 naming each wrong field for %s, and makes no token", async (_what, body, fields) => {
    const before = await ownerState();
    const error = await expectError(await createToken(browser, body), 400, "invalid_input");
    expect(fieldsNamed(error)).toStrictEqual(fields);
    expect(await ownerState()).toStrictEqual(before);
  });

  it("answers 400, not 500, to a body that is not JSON", async () => {
    await expectError(await createToken(browser, '{"name":'), 400, "invalid_input");
  });

  it("refuses an operator's session with 403 forbidden: operators' tokens come from the command line", async () => {
    const operator = await createUser({ role: "operator" });
    await expectError(await createToken(await browserHeadersFor(operator), { name: "admin", scope: "read" }), 403, "forbidden");
    expect(await db().apiToken.count({ where: { userId: operator.id } })).toBe(0);
  });
});

describe("DELETE /api/v1/tokens/{id}", () => {
  it("revokes the caller's token with a token.revoked event, and answers 404 the second time", async () => {
    const { id } = await tokenOf("read");
    const answer = await json<{ token: ApiTokenView }>(await revokeToken(id, browser), 200);
    expect(answer.token).toMatchObject({ id, name: "read test", scope: "read" });
    expect((await db().apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).toBeInstanceOf(Date);
    await expectError(await revokeToken(id, browser), 404, "token_not_found");
    const events = await db().auditEvent.findMany({ where: { kind: "token.revoked", actorId: ownerId } });
    expect(events.filter((event) => JSON.stringify(event.data).includes(id)).map((event) => event.data)).toStrictEqual([{ tokenId: id, name: "read test", prefix: answer.token.prefix }]);
  });

  it("revokes once when two requests race", async () => {
    const { id } = await tokenOf("read");
    const statuses = (await Promise.all([revokeToken(id, browser), revokeToken(id, browser)])).map((response) => response.status).sort();
    expect(statuses).toStrictEqual([200, 404]);
    const events = await db().auditEvent.findMany({ where: { kind: "token.revoked", actorId: ownerId } });
    expect(events.filter((event) => JSON.stringify(event.data).includes(id))).toHaveLength(1);
  });

  it("answers another customer's token exactly as a missing one (404), and leaves it working", async () => {
    const { id, headers } = await tokenOf("read_write");
    const foreign = await expectError(await revokeToken(id, stranger), 404, "token_not_found");
    const missing = await expectError(await revokeToken(randomUUID(), stranger), 404, "token_not_found");
    const malformed = await expectError(await revokeToken("not-a-token", stranger), 404, "token_not_found");
    expect(foreign).toStrictEqual(missing);
    expect(malformed).toStrictEqual(missing);
    expect((await db().apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    expect((await listServers(headers)).status).toBe(200);
  });
});
