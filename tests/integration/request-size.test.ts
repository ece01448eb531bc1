import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as authRoute } from "@/app/api/auth/[...nextauth]/route.ts";
import { POST as reportRoute } from "@/app/api/provider/v1/report/route.ts";
import { PUT as ballooningRoute } from "@/app/api/v1/servers/[id]/settings/ballooning/route.ts";
import { BODY_LIMITS } from "@/lib/api/request-body.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { createAgentHost } from "@/tests/support/agents.ts";
import { createUser } from "@/tests/support/factories.ts";
import { bearer, expectError, routeContext } from "@/tests/support/http.ts";
import { answerWithin, countedBody, KiB, MiB, streamingPost, type CountedBody } from "@/tests/support/streams.ts";

// Every route refuses a body over its limit with 413 and the API's error body, without reading it
// whole: a declared length is refused before a byte is read, a chunked body at the limit.

const ORIGIN = "http://localhost";
const HUGE = 50 * MiB;
const PROMPTLY_MS = 5_000;
const CHUNK = 64 * KiB; // countedBody's chunk: the reader may hold one chunk past the limit

type Headers = Record<string, string>;
type Call = (body: CountedBody, headers: Headers, length?: number) => Promise<Response>;

const routes: Record<string, { limit: number; call: Call; credentials: () => Promise<Headers> }> = {
  "a customer route": {
    limit: BODY_LIMITS.customer,
    call: (body, headers, length) => {
      const id = randomUUID();
      return ballooningRoute(new Request(`${ORIGIN}/api/v1/servers/${id}/settings/ballooning`, streamingPost(body, headers, length)), routeContext({ id }));
    },
    credentials: async () => bearer((await createApiToken({ userId: (await createUser()).id, name: "uploads" })).token),
  },
  "the provider API": {
    limit: BODY_LIMITS.provider,
    call: (body, headers, length) => reportRoute(new Request(`${ORIGIN}/api/provider/v1/report`, streamingPost(body, headers, length)), routeContext()),
    credentials: async () => (await createAgentHost()).headers,
  },
  "next-auth's sign-in callback": {
    limit: BODY_LIMITS.auth,
    call: (body, headers, length) =>
      authRoute(new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, streamingPost(body, headers, length)), {
        params: Promise.resolve({ nextauth: ["callback", "credentials"] }),
      }),
    credentials: async () => ({}),
  },
};

describe.each(Object.entries(routes))("a body over the limit of %s", (_name, { limit, call, credentials }) => {
  let headers: Headers;
  beforeAll(async () => {
    headers = await credentials();
  });

  it("is refused with 413 by its declared length before a byte of it is read, whoever sends it", async () => {
    const body = countedBody(HUGE);
    const error = await expectError(await answerWithin(call(body, {}, HUGE), PROMPTLY_MS), 413, "payload_too_large");
    expect(error.details).toStrictEqual({ limitBytes: limit });
    expect(body.pulled()).toBe(0);
  });

  it("is refused with 413 when it has no length, as soon as it passes the limit, reading no further", async () => {
    // 50 MiB rather than endless: a server that reads bodies whole fails here without running out of memory.
    const body = countedBody(HUGE);
    const response = await answerWithin(call(body, headers), PROMPTLY_MS);
    expect(await expectError(response, 413, "payload_too_large")).toMatchObject({ details: { limitBytes: limit } });
    expect(body.pulled()).toBeGreaterThan(limit);
    expect(body.pulled()).toBeLessThanOrEqual(limit + CHUNK);
  });
});

describe("the provider API's limit", () => {
  it("takes the largest report its schema allows: 5,000 domains with the longest names and every figure", async () => {
    const agent = await createAgentHost();
    const figure = 2 ** 50;
    const memory = { at: new Date().toISOString(), source: "guest", totalKiB: figure, balloonKiB: figure, usedKiB: figure, availableKiB: figure, cacheKiB: figure, rssKiB: figure };
    const at = new Date().toISOString();
    const domains = Array.from({ length: 5_000 }, (_, i) => ({
      name: `${i}-`.padEnd(128, "x"), state: "shutting_down", virtualization: "other", balloon: "virtio", pendingBalloon: "virtio", at, definitionsAt: at, memory,
    }));
    const text = JSON.stringify({ domains });
    expect(text.length).toBeLessThan(BODY_LIMITS.provider);
    const headers = { ...agent.headers, "content-type": "application/json" };
    const response = await reportRoute(new Request(`${ORIGIN}/api/provider/v1/report`, { method: "POST", headers, body: text }), routeContext());
    expect({ status: response.status, body: await response.json() }).toStrictEqual({ status: 200, body: { recorded: 0, ignored: 5_000 } });
  });
});
