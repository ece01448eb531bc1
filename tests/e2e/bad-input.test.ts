import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/sessions.ts";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { createHost, createServer, createUser } from "../support/factories.ts";
import { signInOverHttp } from "../support/http-session.ts";

// Every route of the customer and provider APIs, fed what a careless or hostile client sends:
// malformed and truncated JSON, wrong types, unknown fields, prototype keys, bodies over the limit,
// invalid and foreign ids, wrong methods and content types. Over HTTP on the running app. No case may
// answer 5xx, every refusal carries the API's error body, and each kind of mistake its own status.

const dashboard = dashboardForAgentTests("bad-input");

type Case = { label: string; method: string; path: string; headers: Record<string, string>; body?: string; expect: number };

const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const JSON_TYPE = { "content-type": "application/json" };

const MALFORMED = ["{", '{"enabled":', "not json", "[", "]", '{"a":1}}', "{'single': 1}", '{"a":1,}', "\u0000", '{"a":"\u0000'];
const NOT_AN_OBJECT = ["null", "123", '"text"', "true", "[]", "1e999"];
const PROTOTYPE_KEYS = ['{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"__proto__":null}'];
const DEEP = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
const BAD_IDS = ["abc", "0", "..%2F..%2Fetc%2Fpasswd", "a".repeat(300), "%00", "'%20OR%201%3D1--", "00000000-0000-4000-8000-00000000000z"];

type BodyRoute = { method: string; path: () => string; headers: () => Record<string, string>; valid: Record<string, unknown>; wrongTypes: Record<string, unknown>[]; limit: number };

let customer: Record<string, string>;
let agent: Record<string, string>;
let serverId: string;
let lxcServer: { id: string; name: string };
let foreignServerId: string;
let action: ClaimedAction;
let foreignActionId: string;
let foreignSessionId: string;

beforeAll(async () => {
  const [owner, stranger] = await Promise.all([createUser(), createUser()]);
  const [host, otherHost] = await Promise.all([createHost(), createHost()]);
  const base = dashboard.app.baseUrl;
  customer = { cookie: (await signInOverHttp(base, owner.email, owner.password)) ?? "", origin: base, host: new URL(base).host };
  agent = { authorization: `Bearer ${await issueAgentToken(host.name)}` };
  serverId = (await createServer({ ownerId: owner.id, hostId: host.id })).id;
  lxcServer = await createServer({ ownerId: owner.id, hostId: host.id, virtualization: "lxc", ballooningEnabled: false });
  foreignServerId = (await createServer({ ownerId: stranger.id, hostId: otherHost.id })).id;
  const claimedServer = await createServer({ ownerId: owner.id, hostId: host.id });
  await db().action.create({ data: { serverId: claimedServer.id, hostId: host.id, command: "restart", params: { mode: "graceful" }, steps: { create: [{ name: "update_domain_xml", position: 0 }] } } });
  const claimed = await fetch(`${base}/api/provider/v1/actions/claim`, { method: "POST", headers: { ...agent, ...JSON_TYPE }, body: JSON.stringify({ max: 50 }) });
  action = ((await claimed.json()) as { actions: ClaimedAction[] }).actions.find((candidate) => candidate.server.id === claimedServer.id) ?? expectFail();
  const foreign = await createServer({ ownerId: stranger.id, hostId: otherHost.id });
  foreignSessionId = await createSession({ userId: stranger.id });
  foreignActionId = (await db().action.create({ data: { serverId: foreign.id, hostId: otherHost.id, command: "restart", params: { mode: "graceful" } } })).id;
});

function expectFail(): never {
  throw new Error("the setup's action was not claimed");
}

const CUSTOMER_LIMIT = 64 * 1024;
const PROVIDER_LIMIT = 4 * 1024 * 1024;

const BODY_ROUTES: () => BodyRoute[] = () => [
  {
    method: "PUT",
    path: () => `/api/v1/servers/${serverId}/settings/ballooning`,
    headers: () => customer,
    valid: { enabled: true, restart: "later" },
    wrongTypes: [{ enabled: "yes" }, { enabled: 1 }, { enabled: true, restart: "tomorrow" }, { enabled: null }],
    limit: CUSTOMER_LIMIT,
  },
  {
    method: "POST",
    path: () => `/api/v1/servers/${serverId}/actions/restart`,
    headers: () => customer,
    valid: { mode: "graceful" },
    wrongTypes: [{ mode: "gently" }, { mode: 1 }, { mode: ["force"] }],
    limit: CUSTOMER_LIMIT,
  },
  {
    method: "POST",
    path: () => `/api/v1/servers/${lxcServer.id}/actions/reinstall`,
    headers: () => customer,
    valid: { image: "debian-12", confirmName: "not-the-name" },
    wrongTypes: [{ image: 12, confirmName: "x" }, { image: "debian-12" }, { image: "x".repeat(100), confirmName: "x" }, { image: "", confirmName: {} }],
    limit: CUSTOMER_LIMIT,
  },
  {
    method: "POST",
    path: () => "/api/v1/account/password",
    headers: () => customer,
    valid: { currentPassword: "not the password", newPassword: "a long enough passphrase" },
    wrongTypes: [{ currentPassword: 1, newPassword: "a long enough passphrase" }, { currentPassword: "x" }, { currentPassword: "x", newPassword: null }, { currentPassword: "", newPassword: ["x"] }],
    limit: CUSTOMER_LIMIT,
  },
  {
    method: "POST",
    path: () => "/api/provider/v1/actions/claim",
    headers: () => agent,
    valid: { max: 1 },
    wrongTypes: [{ max: 0 }, { max: "1" }, { waitMs: -1 }, { waitMs: 1e12 }],
    limit: PROVIDER_LIMIT,
  },
  {
    method: "POST",
    path: () => `/api/provider/v1/actions/${action.id}/progress`,
    headers: () => agent,
    valid: { lease: action.lease.id },
    wrongTypes: [{ lease: 1 }, { lease: action.lease.id, progress: 101 }, { lease: action.lease.id, step: "reboot" }, { lease: action.lease.id, data: "x" }],
    limit: PROVIDER_LIMIT,
  },
  {
    method: "POST",
    path: () => `/api/provider/v1/actions/${action.id}/complete`,
    headers: () => agent,
    valid: { lease: action.lease.id, status: "nonsense" },
    wrongTypes: [{ lease: action.lease.id, status: "done" }, { lease: action.lease.id, status: "error", error: { code: 1 } }, { status: "success" }],
    limit: PROVIDER_LIMIT,
  },
  {
    method: "POST",
    path: () => "/api/provider/v1/report",
    headers: () => agent,
    valid: { domains: [] },
    wrongTypes: [{ domains: {} }, { domains: [{ name: 1 }] }, { domains: [{ name: "d", state: "asleep", virtualization: "kvm", balloon: null, memory: null }] }],
    limit: PROVIDER_LIMIT,
  },
];

function bodyCases(route: BodyRoute): Case[] {
  const at = (label: string, body: string | undefined, expected: number, headers: Record<string, string> = JSON_TYPE): Case => ({
    label: `${route.method} ${route.path()} ${label}`,
    method: route.method,
    path: route.path(),
    headers: { ...route.headers(), ...headers },
    body,
    expect: expected,
  });
  return [
    ...MALFORMED.map((body) => at(`malformed JSON ${JSON.stringify(body.slice(0, 12))}`, body, 400)),
    ...NOT_AN_OBJECT.map((body) => at(`JSON that is not an object: ${body}`, body, 400)),
    ...route.wrongTypes.map((body) => at(`wrong types ${JSON.stringify(body).slice(0, 40)}`, JSON.stringify(body), 400)),
    at("an unknown field", JSON.stringify({ ...route.valid, surprise: true }), 400),
    ...PROTOTYPE_KEYS.map((body) => at(`prototype keys ${body.slice(0, 24)}`, body, 400)),
    at("JSON nested 20,000 deep", DEEP, 400),
    at("a truncated body", JSON.stringify(route.valid).slice(0, -2), 400),
    at("a body over the limit", JSON.stringify({ ...route.valid, padding: "x".repeat(route.limit) }), 413),
    at("JSON sent as text/plain", JSON.stringify(route.valid), 415, { "content-type": "text/plain" }),
    at("a form instead of JSON", "enabled=true", 415, { "content-type": "application/x-www-form-urlencoded" }),
    at("multipart instead of JSON", "--b\r\n\r\nx\r\n--b--", 415, { "content-type": "multipart/form-data; boundary=b" }),
  ];
}

function allCases(): Case[] {
  const cases: Case[] = [];
  const routes = [
    { methods: ["GET"], path: `/api/v1/servers`, headers: customer },
    { methods: ["GET"], path: `/api/v1/servers/${serverId}`, headers: customer },
    { methods: ["PUT"], path: `/api/v1/servers/${serverId}/settings/ballooning`, headers: customer },
    { methods: ["GET"], path: `/api/v1/servers/${serverId}/actions`, headers: customer },
    { methods: ["POST"], path: `/api/v1/servers/${serverId}/actions/restart`, headers: customer },
    { methods: ["POST"], path: `/api/v1/servers/${serverId}/actions/reinstall`, headers: customer },
    { methods: ["GET"], path: `/api/v1/servers/${serverId}/metrics/memory?range=1h`, headers: customer },
    { methods: ["GET"], path: `/api/v1/actions/${action.id}`, headers: customer },
    { methods: ["GET", "DELETE"], path: `/api/v1/sessions`, headers: customer },
    { methods: ["DELETE"], path: `/api/v1/sessions/${crypto.randomUUID()}`, headers: customer },
    { methods: ["POST"], path: "/api/v1/account/password", headers: customer },
    { methods: ["POST"], path: "/api/provider/v1/actions/claim", headers: agent },
    { methods: ["POST"], path: `/api/provider/v1/actions/${action.id}/progress`, headers: agent },
    { methods: ["POST"], path: `/api/provider/v1/actions/${action.id}/complete`, headers: agent },
    { methods: ["POST"], path: "/api/provider/v1/report", headers: agent },
  ];
  for (const route of routes) {
    for (const method of ALL_METHODS.filter((candidate) => !route.methods.includes(candidate))) {
      cases.push({ label: `${method} ${route.path} (wrong method)`, method, path: route.path, headers: route.headers, expect: 405 });
    }
  }
  for (const route of BODY_ROUTES()) cases.push(...bodyCases(route));

  const serverPaths = (id: string) => [
    ["GET", `/api/v1/servers/${id}`],
    ["PUT", `/api/v1/servers/${id}/settings/ballooning`, JSON.stringify({ enabled: false, restart: "later" })],
    ["GET", `/api/v1/servers/${id}/actions`],
    ["POST", `/api/v1/servers/${id}/actions/restart`, JSON.stringify({ mode: "graceful" })],
    ["POST", `/api/v1/servers/${id}/actions/reinstall`, JSON.stringify({ image: "debian-12", confirmName: "x" })],
    ["GET", `/api/v1/servers/${id}/metrics/memory?range=1h`],
  ] as const;
  for (const id of [...BAD_IDS, crypto.randomUUID(), foreignServerId]) {
    for (const [method, path, body] of serverPaths(id)) cases.push({ label: `${method} ${path} (no such server)`, method, path, headers: { ...customer, ...JSON_TYPE }, body, expect: 404 });
  }
  for (const id of [...BAD_IDS, crypto.randomUUID(), foreignActionId]) {
    cases.push({ label: `GET action ${id.slice(0, 40)} (no such action)`, method: "GET", path: `/api/v1/actions/${id}`, headers: customer, expect: 404 });
    for (const route of ["progress", "complete"]) {
      const body = JSON.stringify(route === "progress" ? { lease: action.lease.id } : { lease: action.lease.id, status: "success" });
      cases.push({ label: `POST ${route} of action ${id.slice(0, 40)} (not this host's)`, method: "POST", path: `/api/provider/v1/actions/${id}/${route}`, headers: { ...agent, ...JSON_TYPE }, body, expect: 404 });
    }
  }
  for (const id of [...BAD_IDS, crypto.randomUUID(), foreignSessionId]) {
    cases.push({ label: `DELETE session ${id.slice(0, 40)} (no such session)`, method: "DELETE", path: `/api/v1/sessions/${id}`, headers: customer, expect: 404 });
  }
  for (const query of ["", "?range=99y", "?range=1h&range=7d", "?range=1h&extra=1", "?range=", "?range=%00", `?range=${"x".repeat(5_000)}`]) {
    cases.push({ label: `memory${query.slice(0, 30)}`, method: "GET", path: `/api/v1/servers/${serverId}/metrics/memory${query}`, headers: customer, expect: 400 });
  }
  for (const path of ["/api/v1/servers?page=2", `/api/v1/servers/${serverId}?fields=all`, `/api/v1/servers/${serverId}/actions?limit=1`]) {
    cases.push({ label: `${path} (unknown query)`, method: "GET", path, headers: customer, expect: 400 });
  }
  return cases;
}

describe("every route, fed bad input", () => {
  it("answers no case with a 5xx, every refusal with the error body, each mistake with its own status", { timeout: 180_000 }, async () => {
    const cases = allCases();
    const results: { label: string; status: number; expected: number; body: string }[] = [];
    for (const sample of cases) {
      const response = await fetch(`${dashboard.app.baseUrl}${sample.path}`, { method: sample.method, headers: sample.headers, body: sample.body });
      results.push({ label: sample.label, status: response.status, expected: sample.expect, body: await response.text() });
    }
    const serverErrors = results.filter((result) => result.status >= 500);
    const withoutErrorBody = results.filter((result) => result.status >= 400 && !hasErrorBody(result.body));
    const unexpected = results.filter((result) => result.status !== result.expected);
    console.log(`bad input: ${results.length} cases, ${serverErrors.length} answered 5xx, ${withoutErrorBody.length} refusals without the error body, ${unexpected.length} with another status than expected`);
    expect(results.length).toBeGreaterThanOrEqual(200);
    expect(serverErrors.map((result) => `${result.label}: ${result.status}`)).toEqual([]);
    expect(withoutErrorBody.map((result) => `${result.label}: ${result.status} ${result.body.slice(0, 80)}`)).toEqual([]);
    expect(unexpected.map((result) => `${result.label}: ${result.status}, expected ${result.expected}`)).toEqual([]);
    // Nothing a case sent changed what the server holds.
    expect(await db().server.findUniqueOrThrow({ where: { id: serverId } })).toMatchObject({ ballooningEnabled: true, status: "running" });
    expect(await db().server.findUniqueOrThrow({ where: { id: foreignServerId } })).toMatchObject({ ballooningEnabled: true });
    expect(await db().session.findUniqueOrThrow({ where: { id: foreignSessionId } })).toMatchObject({ revokedAt: null });
  });
});

function hasErrorBody(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code === "string" && typeof body.error.message === "string" && body.error.message.length > 0;
  } catch {
    return false;
  }
}
