import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listServers } from "@/app/api/v1/servers/route.ts";
import { POST as restartServer } from "@/app/api/v1/servers/[id]/actions/restart/route.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { appLog, REDACTED_PATHS } from "@/lib/observability/logger.ts";
import { metrics } from "@/lib/observability/prometheus.ts";
import { createHost, createServer, createUser, sessionCookieFor } from "../support/factories.ts";
import { parseLogRecord, type LogRecord } from "../support/log-records.ts";

// What an API request leaves in the log: one JSON line at its end with its method, route template,
// status, duration, request id and caller, and nothing the caller sent to prove who they are or in
// its body. The app's real logger (lib/observability/logger.ts: its level, redaction and format),
// writing into this test instead of stdout, behind the real route files.

const written = vi.hoisted(() => [] as string[]);

vi.mock("@/lib/observability/logger.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/observability/logger.ts")>();
  const logger = real.createLogger("app", { env: { LOG_FORMAT: "json", LOG_LEVEL: "info" }, stdout: { write: (line: string) => written.push(line) } });
  return { ...real, appLog: () => logger };
});

const SIGN_IN = { email: "owner@example.test", password: "hunter2-never-logged", csrfToken: "csrf-never-logged" };

let fixture: { userId: string; serverId: string; token: string; cookie: string };

beforeAll(async () => {
  const owner = await createUser();
  const host = await createHost();
  const server = await createServer({ ownerId: owner.id, hostId: host.id });
  fixture = { userId: owner.id, serverId: server.id, token: (await createApiToken({ userId: owner.id, name: "log test" })).token, cookie: await sessionCookieFor(owner) };
});

/** The lines written while `work` ran, as records. */
async function linesOf(work: () => Promise<unknown>): Promise<{ text: string; records: LogRecord[] }> {
  const from = written.length;
  await work();
  const text = written.slice(from).join("");
  return { text, records: text.split("\n").flatMap((line) => parseLogRecord(line) ?? []) };
}

const credentials = () => ({ authorization: `Bearer ${fixture.token}`, cookie: fixture.cookie });
const restartUrl = () => `http://dashboard.test/api/v1/servers/${fixture.serverId}/actions/restart`;
const restartContext = () => ({ params: Promise.resolve({ id: fixture.serverId }) });

describe("a request's log line", () => {
  it("is one JSON line with the route's template, status, duration, request id and caller", async () => {
    let response: Response | undefined;
    const { records } = await linesOf(async () => (response = await listServers(new Request("http://dashboard.test/api/v1/servers", { headers: credentials() }))));
    expect(records).toHaveLength(1);
    const [line] = records;
    expect(Object.keys(line ?? {}).sort()).toEqual(["actor", "durationMs", "hostname", "level", "method", "msg", "name", "pid", "requestId", "route", "status", "time", "userId"]);
    expect(line).toMatchObject({ level: "info", name: "app", method: "GET", route: "/api/v1/servers", status: 200, actor: "customer", userId: fixture.userId });
    expect(line?.durationMs).toBeGreaterThanOrEqual(0);
    expect(line?.msg).toMatch(/^GET \/api\/v1\/servers 200 in \d+ ms$/);
    expect(response?.headers.get("x-request-id")).toBe(line?.requestId);
    expect(new Date(String(line?.time)).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("names the route's template, never the URL with its ids, and the refusal's code", async () => {
    const { records } = await linesOf(() =>
      restartServer(new Request(restartUrl(), { method: "POST", headers: { ...credentials(), "content-type": "application/json" }, body: JSON.stringify({ mode: "sideways" }) }), restartContext()),
    );
    expect(records).toEqual([expect.objectContaining({ route: "/api/v1/servers/{id}/actions/restart", status: 400, errorCode: "invalid_input", actor: "customer" })]);
    expect(JSON.stringify(records)).not.toContain(fixture.serverId);
  });

  it("keeps a proxy's request id when it is a plain token, and replaces any other", async () => {
    const given = `nginx-${randomUUID()}`;
    const kept = await linesOf(() => listServers(new Request("http://dashboard.test/api/v1/servers", { headers: { ...credentials(), "x-request-id": given } })));
    expect(kept.records[0]?.requestId).toBe(given);
    const forged = `x"} {"level":"error`;
    let response: Response | undefined;
    const replaced = await linesOf(async () => (response = await listServers(new Request("http://dashboard.test/api/v1/servers", { headers: { ...credentials(), "x-request-id": forged } }))));
    expect(replaced.records[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response?.headers.get("x-request-id")).toBe(replaced.records[0]?.requestId);
  });

  it("counts the request in the latency histogram by method, route and status", async () => {
    await listServers(new Request("http://dashboard.test/api/v1/servers", { headers: credentials() }));
    const histogram = await metrics().requestDuration.get();
    const count = histogram.values.find((value) => value.metricName === "vps_http_request_duration_seconds_count" && value.labels.route === "/api/v1/servers" && value.labels.status === "200");
    expect(count?.value).toBeGreaterThanOrEqual(1);
    expect(count?.labels.method).toBe("GET");
  });
});

describe("what the log never holds", () => {
  it("keeps out a bearer token, a session cookie and a sign-in body, whether sent as JSON or as a form", async () => {
    const { text, records } = await linesOf(async () => {
      const json = JSON.stringify({ mode: "graceful", ...SIGN_IN });
      await restartServer(new Request(restartUrl(), { method: "POST", headers: { ...credentials(), "content-type": "application/json" }, body: json }), restartContext());
      const form = new URLSearchParams({ ...SIGN_IN, json: "true" }).toString();
      await restartServer(new Request(restartUrl(), { method: "POST", headers: { ...credentials(), "content-type": "application/x-www-form-urlencoded" }, body: form }), restartContext());
    });
    expect(records.map((record) => [record.status, record.errorCode])).toEqual([
      [400, "invalid_input"],
      [415, "unsupported_media_type"],
    ]);
    const cookieValue = fixture.cookie.split("=").slice(1).join("=");
    for (const secret of [fixture.token, cookieValue, SIGN_IN.password, SIGN_IN.csrfToken, SIGN_IN.email]) expect(text).not.toContain(secret);
  });

  it("redacts credentials and bodies that any code hands the logger by mistake", async () => {
    const { text, records } = await linesOf(async () => {
      appLog().info(
        {
          authorization: `Bearer ${fixture.token}`,
          headers: { authorization: `Bearer ${fixture.token}`, cookie: fixture.cookie, "set-cookie": fixture.cookie },
          req: { headers: { authorization: `Bearer ${fixture.token}`, cookie: fixture.cookie }, body: JSON.stringify(SIGN_IN) },
          body: SIGN_IN,
          password: SIGN_IN.password,
          credentials: { password: SIGN_IN.password, token: fixture.token, csrfToken: SIGN_IN.csrfToken },
        },
        "a careless line",
      );
    });
    for (const secret of [fixture.token, fixture.cookie, SIGN_IN.password, SIGN_IN.csrfToken]) expect(text).not.toContain(secret);
    expect(records[0]).toMatchObject({ msg: "a careless line", password: "[redacted]", body: "[redacted]", headers: { authorization: "[redacted]", cookie: "[redacted]" } });
    expect(REDACTED_PATHS).toContain("*.password");
  });
});
