import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as listRoute } from "@/app/api/v1/servers/route.ts";
import { GET as showRoute } from "@/app/api/v1/servers/[id]/route.ts";
import { toApiError } from "@/lib/api/failures.ts";
import { isDatabaseUnavailable } from "@/lib/db/unavailable.ts";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client.ts";
import { appLog } from "@/lib/observability/logger.ts";
import { apiRequest, bearer, expectError, routeContext } from "@/tests/support/http.ts";
import { relayTo } from "@/tests/support/tcp-relay.ts";
import { sessionCookieFor } from "@/tests/support/factories.ts";

// The app's process-wide client (lib/db/client.ts) is swapped for one aimed at a closed port.
const cache = globalThis as unknown as { prismaClient?: PrismaClient };
const VALID_LOOKING_TOKEN = `vpsd_${"Q".repeat(43)}`;

describe("when the database is unreachable", () => {
  let appClient: PrismaClient | undefined;
  let unreachable: PrismaClient;
  let logged: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    appClient = cache.prismaClient;
    unreachable = createPrismaClient("postgresql://postgres@127.0.0.1:1/x");
    cache.prismaClient = unreachable;
    // The wrapper logs the real failure server-side; keep it out of the test output but check it.
    logged = vi.spyOn(appLog(), "error").mockImplementation(() => undefined);
  });

  afterEach(async () => {
    cache.prismaClient = appClient;
    logged.mockRestore();
    await unreachable.$disconnect();
  });

  it("answers 503 unavailable with Retry-After to a bearer-token request, naming nothing internal", async () => {
    const response = await listRoute(apiRequest("/api/v1/servers", { headers: bearer(VALID_LOOKING_TOKEN) }));
    await expectError(response, 503, "unavailable");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 to a session-cookie request for one server too", async () => {
    // The cookie is made on the database that works; the request then meets the one that does not.
    cache.prismaClient = appClient;
    const cookie = await sessionCookieFor({ id: randomUUID(), role: "customer", email: "someone@example.test", name: "Someone" });
    cache.prismaClient = unreachable;
    const id = "00000000-0000-4000-8000-000000000000";
    const response = await showRoute(apiRequest(`/api/v1/servers/${id}`, { headers: { cookie } }), routeContext({ id }));
    await expectError(response, 503, "unavailable");
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("logs the real failure under the request id the client receives", async () => {
    const response = await listRoute(apiRequest("/api/v1/servers", { headers: bearer(VALID_LOOKING_TOKEN) }));
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ requestId, err: expect.anything() }), expect.stringContaining(`request ${requestId} failed`));
  });
});

describe("when the database drops a connection mid-query (a restart, a failover)", () => {
  it("recognises what Prisma throws then as the database being unavailable: a 503, not a 500", async () => {
    const url = new URL(process.env.DATABASE_URL ?? "");
    const name = `terminated-${randomUUID().slice(0, 8)}`;
    url.searchParams.set("application_name", name);
    const client = createPrismaClient(url.toString());
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const query = client.$queryRaw`SELECT pg_sleep(10)`.catch((error: unknown) => error);
      // Terminated as a restarting server terminates its sessions (57P01, "administrator command").
      for (let terminated = 0; terminated === 0; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        terminated = (await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [name])).rowCount ?? 0;
      }
      const error = await query;
      expect(JSON.stringify(error)).toMatch(/57P01/);
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(toApiError(error)).toMatchObject({ code: "unavailable", status: 503 });
    } finally {
      await admin.end();
      await client.$disconnect();
    }
  });
});

describe("when the database drops a connection between two statements of a transaction", () => {
  it("recognises the driver's refusal to use that connection again as the database being unavailable", async () => {
    const url = new URL(process.env.DATABASE_URL ?? "");
    const name = `dropped-${randomUUID().slice(0, 8)}`;
    url.searchParams.set("application_name", name);
    const client = createPrismaClient(url.toString());
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const error = await client
        .$transaction(async (tx) => {
          await tx.$queryRaw`SELECT 1`;
          // A restart terminates the session while the transaction waits between two statements.
          await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [name]);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.$executeRaw`SELECT 1`;
        })
        .catch((failure: unknown) => failure);
      expect(String(error)).toMatch(/not queryable/);
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(toApiError(error)).toMatchObject({ code: "unavailable", status: 503 });
    } finally {
      await admin.end();
      await client.$disconnect();
    }
  });
});

describe("when the network to PostgreSQL goes silent", () => {
  it("answers 503 with Retry-After within a few seconds instead of hanging", { timeout: 30_000 }, async () => {
    const relay = await relayTo(process.env.DATABASE_URL ?? "");
    const appClient = cache.prismaClient;
    const client = createPrismaClient(relay.url);
    const logged = vi.spyOn(appLog(), "error").mockImplementation(() => undefined);
    try {
      await client.$queryRaw`SELECT 1`; // a pooled connection, established before the network fails
      cache.prismaClient = client;
      relay.silence();
      const started = Date.now();
      const response = await listRoute(apiRequest("/api/v1/servers", { headers: bearer(VALID_LOOKING_TOKEN) }));
      await expectError(response, 503, "unavailable");
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      cache.prismaClient = appClient;
      logged.mockRestore();
      await relay.close();
      await client.$disconnect().catch(() => undefined);
    }
  });
});
