import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/v1/servers/route.ts";
import { GET as showRoute } from "@/app/api/v1/servers/[id]/route.ts";
import { GET as memoryRoute } from "@/app/api/v1/servers/[id]/metrics/memory/route.ts";
import { sessionCookieName } from "@/lib/auth/secret.ts";
import { db } from "@/lib/db/client.ts";
import { createHost, createServer, createUser } from "@/tests/support/factories.ts";
import { apiRequest, expectError, routeContext } from "@/tests/support/http.ts";

// The reads every open page polls ask whether the session still counts in their own statement
// (lib/auth/reader.ts). Each must refuse, with 401, a session signed out, ended everywhere, expired,
// or named by a cookie for another user, exactly as the routes that ask first do; and answer 404,
// not 401, for a server that is not the reader's. A request without a session cookie or token is
// refused before any statement (tests/integration/servers-api.test.ts).

type Session = { id: string; cookie: string };

let ownerId: string;
let otherId: string;
let serverId: string;

/** A session row for `userId` and a cookie naming it (for `cookieUserId`, when the test forges one). */
async function session(userId: string, data: { revokedAt?: Date; expiresAt?: Date } = {}, cookieUserId = userId): Promise<Session> {
  const { id } = await db().session.create({ data: { userId, expiresAt: new Date(Date.now() + 3_600_000), ...data } });
  const token = await encode({ token: { uid: cookieUserId, role: "customer", sub: cookieUserId, sid: id }, secret: process.env.NEXTAUTH_SECRET ?? "" });
  return { id, cookie: `${sessionCookieName(false)}=${token}` };
}

const READS: [string, (cookie: string, id?: string) => Promise<Response>][] = [
  ["GET /servers", (cookie) => listRoute(apiRequest("/api/v1/servers", { headers: { cookie } }))],
  ["GET /servers/{id}", (cookie, id = serverId) => showRoute(apiRequest(`/api/v1/servers/${id}`, { headers: { cookie } }), routeContext({ id }))],
  ...(["1h", "24h", "7d", "30d"] as const).map((range): [string, (cookie: string, id?: string) => Promise<Response>] => [
    `GET /servers/{id}/metrics/memory?range=${range}`,
    (cookie, id = serverId) => memoryRoute(apiRequest(`/api/v1/servers/${id}/metrics/memory?range=${range}`, { headers: { cookie } }), routeContext({ id })),
  ]),
];

beforeAll(async () => {
  const [owner, other, host] = await Promise.all([createUser(), createUser(), createHost()]);
  ownerId = owner.id;
  otherId = other.id;
  serverId = (await createServer({ ownerId, hostId: host.id })).id;
});

describe("the polled reads, with the session asked in their own statement", () => {
  it.each(READS)("%s answers a session that counts", async (_name, read) => {
    expect((await read((await session(ownerId)).cookie)).status).toBe(200);
  });

  it.each(READS)("%s refuses a signed-out, an expired and a forged session with 401", async (_name, read) => {
    const signedOut = await session(ownerId, { revokedAt: new Date() });
    const expired = await session(ownerId, { expiresAt: new Date(Date.now() - 1000) });
    // The cookie names the owner, but the session row is another customer's.
    const forged = await session(otherId, {}, ownerId);
    const unknown = (await session(ownerId)).cookie.replace(/=.*/, `=${await encode({ token: { uid: ownerId, role: "customer", sid: randomUUID() }, secret: process.env.NEXTAUTH_SECRET ?? "" })}`);
    for (const cookie of [signedOut.cookie, expired.cookie, forged.cookie, unknown]) await expectError(await read(cookie), 401, "unauthorized");
  });

  it.each(READS.slice(1))("%s refuses a signed-out session with 401 whatever server it names", async (_name, read) => {
    const signedOut = await session(ownerId, { revokedAt: new Date() });
    await expectError(await read(signedOut.cookie, randomUUID()), 401, "unauthorized");
    // A path the contract refuses names nothing to read: 404 before any session is asked, for every caller.
    await expectError(await read(signedOut.cookie, "not-a-uuid"), 404, "server_not_found");
    // A session that counts, for a server that is not the reader's: not found, as for a missing one.
    await expectError(await read((await session(otherId)).cookie), 404, "server_not_found");
  });

  it("records a session's use at most every few minutes, as the routes that ask first do", async () => {
    const { id, cookie } = await session(ownerId);
    const longAgo = new Date(Date.now() - 60 * 60_000);
    await db().session.update({ where: { id }, data: { lastSeenAt: longAgo } });
    expect((await READS[2]![1](cookie)).status).toBe(200);
    const seen = (await db().session.findUniqueOrThrow({ where: { id } })).lastSeenAt;
    expect(seen.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
