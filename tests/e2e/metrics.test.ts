import { randomUUID } from "node:crypto";
import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "@/lib/actions/commands/index.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { kvmDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { createSimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { API_POLICY } from "@/lib/http/security-headers.ts";
import { startAgentProcess, type AgentProcess } from "../support/agent-process.ts";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { createHost, createServer, createUser } from "../support/factories.ts";
import { signInOverHttp } from "../support/http-session.ts";
import { logRecords } from "../support/log-records.ts";

// `/metrics` on the running dashboard, as Prometheus scrapes it: only an operator's API token opens
// it, its answer parses as Prometheus's text format, and its figures follow what happened: a restart
// queued through the API and run by a real host agent, that agent's reports, the requests served.
// And what the dashboard and the agent logged meanwhile: one line per request, the action's life,
// and no credential or password anywhere.

const dashboard = dashboardForAgentTests("metrics");

type Fixture = {
  operatorToken: string;
  customer: { id: string; email: string; password: string; token: string; session: string };
  hostName: string;
  serverId: string;
  actionId: string;
  restartRequestId: string;
  agent: AgentProcess;
};
let fx: Fixture;

beforeAll(async () => {
  const [operator, customer] = await Promise.all([createUser({ role: "operator" }), createUser()]);
  const host = await createHost();
  const server = await createServer({ ownerId: customer.id, hostId: host.id });
  const simulator = createSimulatedHypervisor({ uri: host.hypervisorUri, dataDir: dashboard.dataDir });
  await simulator.defineXml(kvmDomainXml({ name: server.domainName, memoryMiB: 2048, vcpus: 1, ballooning: true }));
  await simulator.start(server.domainName);
  const agent = startAgentProcess({
    label: "metrics",
    host,
    token: await issueAgentToken(host.name),
    dashboardUrl: dashboard.app.baseUrl,
    dataDir: dashboard.dataDir,
    args: ["--report-every", "1"],
  });
  const customerToken = (await createApiToken({ userId: customer.id, name: "metrics test" })).token;
  const session = await signInOverHttp(dashboard.app.baseUrl, customer.email, customer.password);
  if (!session) throw new Error("the customer could not sign in");

  const restartRequestId = `proxy-${randomUUID()}`;
  const restart = await fetch(`${dashboard.app.baseUrl}/api/v1/servers/${server.id}/actions/restart`, {
    method: "POST",
    headers: { authorization: `Bearer ${customerToken}`, "content-type": "application/json", "x-request-id": restartRequestId },
    body: JSON.stringify({ mode: "force" }),
  });
  expect(restart.status).toBe(202);
  expect(restart.headers.get("x-request-id")).toBe(restartRequestId);
  const actionId = ((await restart.json()) as { action: { id: string } }).action.id;
  await until(async () => (await db().action.findUniqueOrThrow({ where: { id: actionId } })).status === "success");
  await until(async () => (await db().host.findUniqueOrThrow({ where: { id: host.id } })).lastSeenAt !== null);

  fx = {
    operatorToken: (await createApiToken({ userId: operator.id, name: "prometheus" })).token,
    customer: { id: customer.id, email: customer.email, password: customer.password, token: customerToken, session },
    hostName: host.name,
    serverId: server.id,
    actionId,
    restartRequestId,
    agent,
  };
}, 120_000);

afterAll(async () => {
  await fx?.agent.kill("SIGTERM");
});

async function until(done: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await done()); ) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const scrape = (headers: Record<string, string> = {}) => fetch(`${dashboard.app.baseUrl}/metrics`, { headers });
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe("who may scrape /metrics", () => {
  it("answers 401 without a token, and to a token that names no one", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer vpsd_no-such-token" }, { authorization: "Basic b3BzOnB3" }];
    for (const headers of attempts) {
      const response = await scrape(headers);
      expect(response.status).toBe(401);
      expect(await errorCode(response)).toBe("unauthorized");
    }
  });

  it("answers 404, as for a path that does not exist, to a customer's token and a customer's session", async () => {
    const customers: Record<string, string>[] = [{ authorization: `Bearer ${fx.customer.token}` }, { cookie: fx.customer.session }];
    for (const headers of customers) {
      const response = await scrape(headers);
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe("not_found");
    }
  });
});

describe("what an operator's token scrapes", () => {
  let families: Map<string, PrometheusFamily>;
  let text: string;

  beforeAll(async () => {
    const response = await scrape({ authorization: `Bearer ${fx.operatorToken}` });
    text = await response.text();
    expect(response.status, text).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    // The API's policy, not a page's: proxy.ts leaves /metrics alone.
    expect(response.headers.get("content-security-policy")).toBe(API_POLICY);
    expect(response.headers.get("x-request-id")).toMatch(/\S/);
    families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  });

  /** The value of a counter's or gauge's series whose labels include `labels`. */
  const value = (name: string, labels: Record<string, string> = {}) => {
    const sample = families.get(name)?.metrics.find((metric) => Object.entries(labels).every(([key, wanted]) => metric.labels?.[key] === wanted));
    return sample?.value === undefined ? undefined : Number(sample.value);
  };

  it("parses as Prometheus's text format, each family of its type, every value a number", () => {
    const types = Object.fromEntries([...families.values()].map((family) => [family.name, family.type]));
    expect(types).toMatchObject({
      vps_actions_total: "COUNTER",
      vps_action_errors_total: "COUNTER",
      vps_actions_active: "GAUGE",
      vps_action_queue_oldest_age_seconds: "GAUGE",
      vps_host_report_age_seconds: "GAUGE",
      vps_http_request_duration_seconds: "HISTOGRAM",
      vps_db_pool_connections: "GAUGE",
      vps_db_pool_idle_connections: "GAUGE",
      vps_db_pool_max_connections: "GAUGE",
      vps_db_pool_waiting_queries: "GAUGE",
      // prom-client's own, of the Node.js process.
      process_cpu_user_seconds_total: "COUNTER",
      process_resident_memory_bytes: "GAUGE",
      nodejs_eventloop_lag_seconds: "GAUGE",
    });
    const values = [...families.values()].flatMap((family) => family.metrics.flatMap((metric) => [metric.value, metric.count, metric.sum, ...Object.values(metric.buckets ?? {})]));
    expect(values.filter((sample) => sample !== undefined && !/^[+-]?Inf$/.test(sample) && !Number.isFinite(Number(sample)))).toEqual([]);
  });

  it("counts the restart that succeeded, and every command's outcomes from zero", () => {
    expect(value("vps_actions_total", { command: "restart", status: "success" })).toBeGreaterThanOrEqual(1);
    for (const command of Object.keys(COMMANDS)) {
      for (const status of ["success", "error"]) expect(value("vps_actions_total", { command, status }), `${command} ${status}`).toBeGreaterThanOrEqual(0);
      for (const status of ["queued", "running"]) expect(value("vps_actions_active", { command, status }), `${command} ${status}`).toBeGreaterThanOrEqual(0);
    }
    const oldest = value("vps_action_queue_oldest_age_seconds");
    expect(oldest).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(oldest)).toBe(true);
  });

  it("tells how long ago the reporting host's agent last reported", () => {
    const age = value("vps_host_report_age_seconds", { host: fx.hostName });
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(30);
  });

  it("times the requests by route template and status, the restart among them", () => {
    // The parser folds a histogram's labelled series into one (it keeps only label-free _count and
    // _sum), so each series' count is read as a family of its own.
    const countLines = text.split("\n").filter((line) => line.startsWith("vps_http_request_duration_seconds_count{"));
    const counts = parsePrometheusTextFormat(`${countLines.join("\n")}\n`)[0]?.metrics ?? [];
    const restart = counts.find((metric) => metric.labels?.route === "/api/v1/servers/{id}/actions/restart" && metric.labels.method === "POST" && metric.labels.status === "202");
    expect(Number(restart?.value)).toBeGreaterThanOrEqual(1);
    const routes = new Set(counts.map((metric) => metric.labels?.route));
    expect(routes).toContain("/api/provider/v1/report");
    expect([...routes].filter((route) => !route?.startsWith("/") && route !== "unmatched"), "route labels are templates").toEqual([]);
    expect([...routes].filter((route) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(route ?? "")), "no ids in route labels").toEqual([]);
  });

  it("shows this instance's database connection pool in use", () => {
    const max = value("vps_db_pool_max_connections");
    expect(max).toBe(10);
    expect(value("vps_db_pool_connections")).toBeGreaterThanOrEqual(1);
    expect(value("vps_db_pool_connections")).toBeLessThanOrEqual(max ?? 0);
    expect(value("vps_db_pool_idle_connections")).toBeGreaterThanOrEqual(0);
    expect(value("vps_db_pool_waiting_queries")).toBeGreaterThanOrEqual(0);
  });
});

describe("what the dashboard and the agent logged", () => {
  it("one line per request, with the proxy's request id, the route's template and the caller", () => {
    const records = logRecords(dashboard.app.output());
    expect(records.filter((record) => record.requestId === fx.restartRequestId)).toEqual([
      expect.objectContaining({ name: "app", method: "POST", route: "/api/v1/servers/{id}/actions/restart", status: 202, actor: "customer", userId: fx.customer.id }),
    ]);
    const scrapes = records.filter((record) => record.route === "/metrics").map((record) => [record.status, record.actor]);
    // A refused caller is logged as the API logs any caller it did not let in: anonymous, with the code.
    expect(scrapes).toEqual(expect.arrayContaining([[401, "anonymous"], [404, "anonymous"], [200, "operator"]]));
    expect(records.some((record) => record.route === "/api/provider/v1/report" && record.actor === "agent" && record.hostName === fx.hostName)).toBe(true);
  });

  it("the restart's life, on both sides, each line naming the action, its server and command", () => {
    const ofAction = (records: Record<string, unknown>[]) => records.filter((record) => record.actionId === fx.actionId);
    const dashboardSide = ofAction(logRecords(dashboard.app.output()));
    const agentSide = ofAction(fx.agent.records);
    for (const record of [...dashboardSide, ...agentSide]) expect(record).toMatchObject({ serverId: fx.serverId, command: "restart" });
    const outcomes = (records: Record<string, unknown>[]) => records.map((record) => String(record.outcome));
    // Queued and claimed, each step's end (done, or skipped when there was nothing to do), then success.
    const steps = COMMANDS.restart.steps.length;
    expect(outcomes(dashboardSide)).toEqual(["queued", "claimed", ...Array.from({ length: steps }, () => expect.stringMatching(/^step_(done|skipped)$/)), "success"]);
    expect(outcomes(agentSide).filter((outcome) => outcome !== "undefined")).toEqual(["claimed", ...Array.from({ length: steps }, () => expect.stringMatching(/^step_(done|skipped)$/)), "success"]);
  });

  it("no token, session cookie or password", () => {
    const everything = dashboard.app.output() + fx.agent.lines.join("\n");
    const sessionValue = fx.customer.session.split("=").slice(1).join("=");
    for (const secret of [fx.operatorToken, fx.customer.token, sessionValue, fx.customer.password]) expect(everything).not.toContain(secret);
  });
});
