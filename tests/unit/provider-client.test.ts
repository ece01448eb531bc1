import http from "node:http";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderClient, ProviderError } from "@/lib/agent/provider-client.ts";

// The agent's HTTP client against a dashboard that takes a call and never answers (a proxy that lost
// the answer, a half-open connection). Every call must give up at its time-out, garbage collection
// or not: a claim that waits forever stops the agent from ever taking work again.

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

let server: http.Server;
let baseUrl: string;
const held: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((_request, response) => void held.push(response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of held) response.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("a call the dashboard never answers", () => {
  it.each([
    ["with a stop signal (the agent's long poll)", { stop: new AbortController().signal }],
    ["without one (an action's reports)", {}],
  ])("gives up at its time-out %s, even after a garbage collection", async (_label, options) => {
    const client = new ProviderClient(baseUrl, "token", { ...options, timeoutMs: 300 });
    const started = Date.now();
    const claim = client.claim({ max: 1, waitMs: 200 }).catch((error: unknown) => error);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      collectGarbage();
    }
    const error = await Promise.race([claim, new Promise((resolve) => setTimeout(() => resolve("still waiting after 5 s"), 5_000))]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 0, transient: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("stops at once when the agent shuts down", async () => {
    const stop = new AbortController();
    const client = new ProviderClient(baseUrl, "token", { stop: stop.signal, timeoutMs: 60_000 });
    const claim = client.claim({ max: 1, waitMs: 25_000 }).catch((error: unknown) => error);
    setTimeout(() => stop.abort(), 50);
    expect(await claim).toMatchObject({ status: 0 });
  });
});

describe("an answer that breaks on the way", () => {
  /** A dashboard whose every answer `answer` writes; for the duration of `work`. */
  async function against<T>(answer: (response: http.ServerResponse) => void, work: (client: ProviderClient) => Promise<T>): Promise<T> {
    const broken = http.createServer((request, response) => {
      request.resume();
      request.on("end", () => answer(response));
    });
    await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
    try {
      return await work(new ProviderClient(`http://127.0.0.1:${(broken.address() as AddressInfo).port}`, "token", { timeoutMs: 2_000 }));
    } finally {
      broken.closeAllConnections();
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
  }

  it("keeps the status of an error page that is not JSON (a proxy's)", async () => {
    const error = await against(
      (response) => response.writeHead(502, "Bad Gateway", { "content-type": "text/html" }).end("<html>502 Bad Gateway</html>"),
      (client) => client.claim().catch((caught: unknown) => caught),
    );
    expect(error).toMatchObject({ status: 502, code: "http_error", transient: true, message: "/api/provider/v1/actions/claim: Bad Gateway" });
  });

  it("counts a body cut off halfway as no answer", async () => {
    const error = await against(
      (response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" }).write('{"actions":');
        setTimeout(() => response.destroy(), 20);
      },
      (client) => client.claim().catch((caught: unknown) => caught),
    );
    expect(error).toMatchObject({ status: 0, code: "unreachable", transient: true });
  });

  it("reads a whole answer by the route's contract", async () => {
    const answer = await against(
      (response) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ actions: [] })),
      (client) => client.claim(),
    );
    expect(answer).toEqual([]);
  });
});
