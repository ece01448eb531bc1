import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DELETE as endSessionRoute, GET as sessionRoute } from "@/app/api/v1/sessions/[id]/route.ts";
import { DELETE as signOutEverywhereRoute, GET as listSessionsRoute } from "@/app/api/v1/sessions/route.ts";
import { GET as listServersRoute } from "@/app/api/v1/servers/route.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import type { SessionView } from "@/lib/contracts/sessions.ts";
import { db } from "@/lib/db/client.ts";
import { createUser, signedInBrowser } from "@/tests/support/factories.ts";
import { apiRequest, bearer, expectError, fieldsNamed, routeContext } from "@/tests/support/http.ts";

// GET /api/v1/sessions and DELETE /api/v1/sessions/{id}, called as Next calls them, on the real database.

type Headers = Record<string, string>;

const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const SAFARI_ON_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

const list = (headers: Headers, query = "") => listSessionsRoute(apiRequest(`/api/v1/sessions${query}`, { headers }));
const end = (id: string, headers: Headers, body?: string) =>
  endSessionRoute(apiRequest(`/api/v1/sessions/${encodeURIComponent(id)}`, { method: "DELETE", headers, body }), routeContext({ id }));
const readStatus = async (headers: Headers) => (await listServersRoute(apiRequest("/api/v1/servers", { headers }))).status;
const sessionsOf = async (headers: Headers) => {
  const response = await list(headers);
  expect(response.status).toBe(200);
  return ((await response.json()) as { sessions: SessionView[] }).sessions;
};

describe("GET /api/v1/sessions", () => {
  it("lists only the caller's sessions that still count, this one first and marked current", async () => {
    const [user, other] = await Promise.all([createUser(), createUser()]);
    const laptop = await signedInBrowser(user, { userAgent: FIREFOX_ON_LINUX, ip: "198.51.100.7" });
    const phone = await signedInBrowser(user, { userAgent: SAFARI_ON_IPHONE, ip: "2001:db8::1" });
    const unknown = await signedInBrowser(user);
    const signedOut = await signedInBrowser(user);
    const expired = await signedInBrowser(user);
    await db().session.update({ where: { id: signedOut.sessionId }, data: { revokedAt: new Date() } });
    await db().session.update({ where: { id: expired.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await signedInBrowser(other);

    const sessions = await sessionsOf(phone.headers);

    expect(sessions.map((session) => session.id).sort()).toEqual([laptop.sessionId, phone.sessionId, unknown.sessionId].sort());
    expect(sessions[0]?.id).toBe(phone.sessionId);
    expect(sessions.filter((session) => session.current).map((session) => session.id)).toEqual([phone.sessionId]);
    const row = await db().session.findUniqueOrThrow({ where: { id: laptop.sessionId } });
    expect(sessions.find((session) => session.id === laptop.sessionId)).toStrictEqual({
      id: laptop.sessionId,
      current: false,
      device: { browser: "Firefox", system: "Linux" },
      userAgent: FIREFOX_ON_LINUX,
      ip: "198.51.100.7",
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
    });
    expect(sessions.find((session) => session.id === phone.sessionId)).toMatchObject({ device: { browser: "Safari", system: "iPhone" }, ip: "2001:db8::1" });
    expect(sessions.find((session) => session.id === unknown.sessionId)).toMatchObject({ device: { browser: null, system: null }, userAgent: null, ip: null });
  });

  it("refuses an API token: 403", async () => {
    const user = await createUser();
    const { token } = await createApiToken({ userId: user.id, name: "script" });
    await expectError(await list(bearer(token)), 403, "forbidden");
  });

  it("refuses a query it does not take with 400", async () => {
    const { headers } = await signedInBrowser(await createUser());
    expect(fieldsNamed(await expectError(await list(headers, "?all=1"), 400, "invalid_input"))).toEqual(["all"]);
  });
});

describe("DELETE /api/v1/sessions/{id}", () => {
  it("ends another of the caller's sessions: its cookie is refused at once, the caller stays signed in", async () => {
    const user = await createUser();
    const [laptop, phone] = [await signedInBrowser(user), await signedInBrowser(user)];
    expect(await readStatus(phone.headers)).toBe(200);

    const answer = await end(phone.sessionId, laptop.headers);

    expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 200, body: { id: phone.sessionId, current: false } });
    expect([await readStatus(laptop.headers), await readStatus(phone.headers)]).toEqual([200, 401]);
    expect((await sessionsOf(laptop.headers)).map((session) => session.id)).toEqual([laptop.sessionId]);
  });

  it("ends the caller's own session, which signs it out", async () => {
    const user = await createUser();
    const [laptop, phone] = [await signedInBrowser(user), await signedInBrowser(user)];
    const answer = await end(laptop.sessionId, laptop.headers);
    expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 200, body: { id: laptop.sessionId, current: true } });
    expect([await readStatus(laptop.headers), await readStatus(phone.headers)]).toEqual([401, 200]);
  });

  it("answers another account's session 404, exactly as one that never was, and leaves it signed in", async () => {
    const [user, other] = await Promise.all([createUser(), createUser()]);
    const mine = await signedInBrowser(user);
    const theirs = await signedInBrowser(other);

    const foreign = await expectError(await end(theirs.sessionId, mine.headers), 404, "session_not_found");
    const missing = await expectError(await end(randomUUID(), mine.headers), 404, "session_not_found");

    expect(foreign).toStrictEqual(missing);
    expect(await readStatus(theirs.headers)).toBe(200);
    expect((await sessionsOf(theirs.headers)).map((session) => session.id)).toEqual([theirs.sessionId]);
  });

  it("answers a session that already ended, and an id that is none, 404", async () => {
    const user = await createUser();
    const [laptop, phone] = [await signedInBrowser(user), await signedInBrowser(user)];
    expect((await end(phone.sessionId, laptop.headers)).status).toBe(200);
    await expectError(await end(phone.sessionId, laptop.headers), 404, "session_not_found");
    for (const id of ["not-a-session", "0", "a".repeat(300)]) await expectError(await end(id, laptop.headers), 404, "session_not_found");
  });

  it("refuses an API token, 403, and the session stays", async () => {
    const user = await createUser();
    const phone = await signedInBrowser(user);
    const { token } = await createApiToken({ userId: user.id, name: "leaked" });
    await expectError(await end(phone.sessionId, bearer(token)), 403, "forbidden");
    expect(await readStatus(phone.headers)).toBe(200);
  });

  it("refuses a request from another site with the session cookie, and a body it does not take", async () => {
    const user = await createUser();
    const [laptop, phone] = [await signedInBrowser(user), await signedInBrowser(user)];
    await expectError(await end(phone.sessionId, { ...laptop.headers, origin: "https://evil.example" }), 403, "cross_site_request");
    await expectError(await end(phone.sessionId, laptop.headers, JSON.stringify({ everywhere: true })), 400, "invalid_input");
    expect(await readStatus(phone.headers)).toBe(200);
  });

  it("answers other methods 405", async () => {
    const { sessionId, headers } = await signedInBrowser(await createUser());
    const answer = await sessionRoute(apiRequest(`/api/v1/sessions/${sessionId}`, { headers }));
    expect(answer.headers.get("allow")).toBe("DELETE");
    await expectError(answer, 405, "method_not_allowed");
  });
});

describe("DELETE /api/v1/sessions (sign out everywhere)", () => {
  it("still ends every session of the caller, this one included, with a browser or an API token", async () => {
    const user = await createUser();
    const [laptop, phone] = [await signedInBrowser(user), await signedInBrowser(user)];
    const everywhere = await signOutEverywhereRoute(apiRequest("/api/v1/sessions", { method: "DELETE", headers: laptop.headers }));
    expect({ status: everywhere.status, body: await everywhere.json() }).toEqual({ status: 200, body: { revoked: 2 } });
    expect([await readStatus(laptop.headers), await readStatus(phone.headers)]).toEqual([401, 401]);

    const tablet = await signedInBrowser(user);
    const { token } = await createApiToken({ userId: user.id, name: "script" });
    const byToken = await signOutEverywhereRoute(apiRequest("/api/v1/sessions", { method: "DELETE", headers: bearer(token) }));
    expect({ status: byToken.status, body: await byToken.json() }).toEqual({ status: 200, body: { revoked: 1 } });
    expect(await readStatus(tablet.headers)).toBe(401);
  });
});
