import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as listRoute } from "@/app/api/v1/servers/route.ts";
import { GET as showRoute } from "@/app/api/v1/servers/[id]/route.ts";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client.ts";
import { apiRequest, bearer, expectError, routeContext } from "@/tests/support/http.ts";
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
    logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
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
    const cookie = await sessionCookieFor({ id: randomUUID(), role: "customer", email: "someone@example.test", name: "Someone" });
    const id = "00000000-0000-4000-8000-000000000000";
    const response = await showRoute(apiRequest(`/api/v1/servers/${id}`, { headers: { cookie } }), routeContext({ id }));
    await expectError(response, 503, "unavailable");
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("logs the real failure under the request id the client receives", async () => {
    const response = await listRoute(apiRequest("/api/v1/servers", { headers: bearer(VALID_LOOKING_TOKEN) }));
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged).toHaveBeenCalledWith(`[${requestId}]`, expect.anything());
  });
});
