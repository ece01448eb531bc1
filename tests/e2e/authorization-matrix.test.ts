import { beforeAll, describe, expect, it } from "vitest";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { createSession } from "@/lib/auth/sessions.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { createHost, createServer, createUser, unique } from "../support/factories.ts";
import { signInOverHttp } from "../support/http-session.ts";

// Who may call what, over HTTP on the running app: every customer route for every kind of caller,
// and every provider route for every kind of agent, each cell with the status it must answer. A cell
// that writes gets a server of its own, so cells never depend on each other's order.

const dashboard = dashboardForAgentTests("authorization-matrix");

type Caller = "nobody" | "other customer" | "operator" | "owner" | "owner's API token" | "owner's read-only token";
type Agent = "no token" | "customer session" | "customer API token" | "another host's agent" | "the host's agent";

const CALLERS: Caller[] = ["nobody", "other customer", "operator", "owner", "owner's API token", "owner's read-only token"];
const AGENTS: Agent[] = ["no token", "customer session", "customer API token", "another host's agent", "the host's agent"];

let headersFor: Record<Caller, Record<string, string>>;
let agentHeaders: Record<Agent, Record<string, string>>;
let owner: { id: string };
let hostId: string;
let people: Record<"owner" | "operator", { id: string; email: string; password: string }>;
let hostAgentToken: string;

const base = () => dashboard.app.baseUrl;
const sameSite = () => ({ origin: base(), host: new URL(base()).host });

async function session(user: { email: string; password: string }) {
  const cookie = await signInOverHttp(base(), user.email, user.password);
  if (!cookie) throw new Error(`${user.email} could not sign in`);
  return { cookie, ...sameSite() };
}

beforeAll(async () => {
  const [ownerUser, otherUser, operatorUser] = await Promise.all([createUser(), createUser(), createUser({ role: "operator" })]);
  owner = ownerUser;
  people = { owner: ownerUser, operator: operatorUser };
  const host = await createHost();
  hostId = host.id;
  const otherHost = await createHost();
  const { token } = await createApiToken({ userId: ownerUser.id, name: "matrix" });
  const readOnly = await createApiToken({ userId: ownerUser.id, name: "matrix, read-only", scope: "read" });
  headersFor = {
    nobody: sameSite(),
    "other customer": await session(otherUser),
    operator: await session(operatorUser),
    owner: await session(ownerUser),
    "owner's API token": { authorization: `Bearer ${token}` },
    "owner's read-only token": { authorization: `Bearer ${readOnly.token}` },
  };
  agentHeaders = {
    "no token": {},
    "customer session": headersFor.owner,
    "customer API token": headersFor["owner's API token"],
    "another host's agent": { authorization: `Bearer ${await issueAgentToken(otherHost.name)}` },
    "the host's agent": { authorization: `Bearer ${(hostAgentToken = await issueAgentToken(host.name))}` },
  };
});

const call = (path: string, headers: Record<string, string>, method = "GET", body?: unknown) =>
  fetch(`${base()}${path}`, { method, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });

const kvmServer = () => createServer({ ownerId: owner.id, hostId });

type CustomerRoute = { name: string; expected: Record<Caller, number>; request: () => Promise<{ path: string; method?: string; body?: unknown }> };

// Another customer and an operator meet a server they do not own exactly as a missing one: 404.
const OWNED = (ok: number): Record<Caller, number> => ({
  nobody: 401,
  "other customer": 404,
  operator: 404,
  owner: ok,
  "owner's API token": ok,
  "owner's read-only token": ok,
});
/** A route that changes something: a read-only token is refused (403) before anything is looked up. */
const WRITE = (expected: Record<Caller, number>): Record<Caller, number> => ({ ...expected, "owner's read-only token": 403 });
/** Only the dashboard's own session may: making and revoking tokens, the password, the sessions. Any API token is refused (403), read-only or not. */
const DASHBOARD_ONLY = (expected: Record<Caller, number>): Record<Caller, number> => ({ ...expected, "owner's API token": 403, "owner's read-only token": 403 });

const CUSTOMER_ROUTES: CustomerRoute[] = [
  { name: "GET /servers", expected: { nobody: 401, "other customer": 200, operator: 200, owner: 200, "owner's API token": 200, "owner's read-only token": 200 }, request: async () => ({ path: "/api/v1/servers" }) },
  { name: "GET /servers/{id}", expected: OWNED(200), request: async () => ({ path: `/api/v1/servers/${(await kvmServer()).id}` }) },
  {
    name: "PUT /servers/{id}/settings/ballooning",
    expected: WRITE(OWNED(200)),
    request: async () => ({ path: `/api/v1/servers/${(await kvmServer()).id}/settings/ballooning`, method: "PUT", body: { enabled: false, restart: "later" } }),
  },
  { name: "GET /servers/{id}/actions", expected: OWNED(200), request: async () => ({ path: `/api/v1/servers/${(await kvmServer()).id}/actions` }) },
  {
    name: "POST /servers/{id}/actions/restart",
    expected: WRITE(OWNED(202)),
    request: async () => ({ path: `/api/v1/servers/${(await kvmServer()).id}/actions/restart`, method: "POST", body: { mode: "graceful" } }),
  },
  {
    name: "POST /servers/{id}/actions/reinstall",
    expected: WRITE(OWNED(202)),
    request: async () => {
      const server = await createServer({ ownerId: owner.id, hostId, virtualization: "lxc", ballooningEnabled: false });
      return { path: `/api/v1/servers/${server.id}/actions/reinstall`, method: "POST", body: { image: "debian-12", confirmName: server.name } };
    },
  },
  { name: "GET /servers/{id}/metrics/memory", expected: OWNED(200), request: async () => ({ path: `/api/v1/servers/${(await kvmServer()).id}/metrics/memory?range=1h` }) },
  {
    name: "GET /actions/{id}",
    expected: OWNED(200),
    request: async () => {
      const server = await kvmServer();
      const action = await db().action.create({ data: { serverId: server.id, hostId, command: "restart", params: { mode: "graceful" } } });
      return { path: `/api/v1/actions/${action.id}` };
    },
  },
  { name: "GET /tokens", expected: { nobody: 401, "other customer": 200, operator: 200, owner: 200, "owner's API token": 200, "owner's read-only token": 200 }, request: async () => ({ path: "/api/v1/tokens" }) },
  {
    name: "POST /tokens",
    // Operators' tokens reach the admin API: they are made on the command line only.
    expected: DASHBOARD_ONLY({ nobody: 401, "other customer": 201, operator: 403, owner: 201, "owner's API token": 201, "owner's read-only token": 201 }),
    request: async () => ({ path: "/api/v1/tokens", method: "POST", body: { name: "matrix", scope: "read" } }),
  },
  {
    name: "DELETE /tokens/{id}",
    // Another customer's token, and an operator's view of it, are answered as a missing one.
    expected: DASHBOARD_ONLY(OWNED(200)),
    request: async () => ({ path: `/api/v1/tokens/${(await createApiToken({ userId: owner.id, name: "matrix, to revoke" })).id}`, method: "DELETE" }),
  },
  // The account's password and sessions: the dashboard's own session only, never an API token.
  { name: "GET /sessions", expected: DASHBOARD_ONLY({ nobody: 401, "other customer": 200, operator: 200, owner: 200, "owner's API token": 403, "owner's read-only token": 403 }), request: async () => ({ path: "/api/v1/sessions" }) },
  { name: "DELETE /sessions/{id}", expected: DASHBOARD_ONLY(OWNED(200)), request: async () => ({ path: `/api/v1/sessions/${await createSession({ userId: owner.id })}`, method: "DELETE" }) },
  {
    // A new password too short to take: every signed-in browser reaches the password rules (422)
    // and nobody's password changes, so the sessions the other cells use stay signed in.
    name: "POST /account/password",
    expected: DASHBOARD_ONLY({ nobody: 401, "other customer": 422, operator: 422, owner: 422, "owner's API token": 403, "owner's read-only token": 403 }),
    request: async () => ({ path: "/api/v1/account/password", method: "POST", body: { currentPassword: "correct horse battery", newPassword: "short" } }),
  },
  { name: "GET /servers/{id}/activity", expected: OWNED(200), request: async () => ({ path: `/api/v1/servers/${(await kvmServer()).id}/activity?limit=5` }) },
];

describe("the customer API, route by route and caller by caller", () => {
  const seen: string[] = [];

  for (const route of CUSTOMER_ROUTES) {
    it(`${route.name}: ${CALLERS.map((caller) => `${caller} ${route.expected[caller]}`).join(", ")}`, async () => {
      const answers: Record<string, number> = {};
      for (const caller of CALLERS) {
        const { path, method, body } = await route.request();
        answers[caller] = (await call(path, headersFor[caller], method, body)).status;
      }
      seen.push(`${route.name.padEnd(40)} ${CALLERS.map((caller) => String(answers[caller])).join("  ")}`);
      expect(answers).toEqual(route.expected);
    });
  }

  it("shows the owner's servers to the owner and its token only", async () => {
    const server = await kvmServer();
    for (const caller of CALLERS.filter((candidate) => candidate !== "nobody")) {
      const { servers } = (await (await call("/api/v1/servers", headersFor[caller])).json()) as { servers: { id: string }[] };
      expect(servers.some((listed) => listed.id === server.id), caller).toBe(caller.startsWith("owner"));
    }
  });

  // Last: it ends the sessions the other cells use.
  it("DELETE /sessions: nobody 401; every signed-in caller ends only their own sessions", async () => {
    expect((await call("/api/v1/sessions", headersFor.nobody, "DELETE")).status).toBe(401);
    expect((await call("/api/v1/sessions", headersFor["owner's read-only token"], "DELETE")).status).toBe(403);
    for (const caller of ["other customer", "operator", "owner"] as const) {
      expect((await call("/api/v1/sessions", headersFor[caller], "DELETE")).status, caller).toBe(200);
    }
    // The owner's API token is not a session: it still works after the owner signed out everywhere.
    expect((await call("/api/v1/servers", headersFor["owner's API token"])).status).toBe(200);
    console.log(`customer API: ${CALLERS.join(" | ")}\n${seen.join("\n")}`);
  });
});

describe("the provider API, route by route and agent by agent", () => {
  const PROVIDER: Record<Agent, number> = {
    "no token": 401,
    "customer session": 403,
    "customer API token": 403,
    "another host's agent": 404,
    "the host's agent": 200,
  };

  /** A restart of a new server, claimed by the host's agent: the action and its lease. */
  async function claimedRestart(): Promise<ClaimedAction> {
    const server = await kvmServer();
    await db().action.create({ data: { serverId: server.id, hostId, command: "restart", params: { mode: "graceful" }, steps: { create: [{ name: "update_domain_xml", position: 0 }] } } });
    const response = await call("/api/provider/v1/actions/claim", agentHeaders["the host's agent"], "POST", { max: 50 });
    const { actions } = (await response.json()) as { actions: ClaimedAction[] };
    const claimed = actions.find((action) => action.server.id === server.id);
    if (!claimed) throw new Error("the restart was not claimed");
    return claimed;
  }

  it("POST /actions/claim: no token 401, customers 403, another host's agent claims nothing of this host, the host's agent claims it", async () => {
    const server = await kvmServer();
    await db().action.create({ data: { serverId: server.id, hostId, command: "restart", params: { mode: "graceful" } } });
    const statuses: Record<string, number> = {};
    for (const agent of AGENTS.filter((candidate) => candidate !== "the host's agent")) {
      const response = await call("/api/provider/v1/actions/claim", agentHeaders[agent], "POST", { max: 50 });
      statuses[agent] = response.status;
      if (response.ok) expect(((await response.json()) as { actions: ClaimedAction[] }).actions.map((action) => action.server.id)).not.toContain(server.id);
    }
    const own = await call("/api/provider/v1/actions/claim", agentHeaders["the host's agent"], "POST", { max: 50 });
    statuses["the host's agent"] = own.status;
    expect(((await own.json()) as { actions: ClaimedAction[] }).actions.map((action) => action.server.id)).toContain(server.id);
    expect(statuses).toEqual({ ...PROVIDER, "another host's agent": 200 });
  });

  for (const route of ["progress", "complete"] as const) {
    it(`POST /actions/{id}/${route}: ${AGENTS.map((agent) => `${agent} ${PROVIDER[agent]}`).join(", ")}`, async () => {
      const statuses: Record<string, number> = {};
      for (const agent of AGENTS) {
        const action = await claimedRestart();
        const body = route === "progress" ? { lease: action.lease.id, progress: 10 } : { lease: action.lease.id, status: "success", observed: { state: "running", balloon: "virtio" } };
        statuses[agent] = (await call(`/api/provider/v1/actions/${action.id}/${route}`, agentHeaders[agent], "POST", body)).status;
      }
      expect(statuses).toEqual(PROVIDER);
    });
  }

  it("POST /report: no token 401, customers 403, another host's agent records nothing of this host, the host's agent records it", async () => {
    const server = await kvmServer();
    const report = { domains: [{ name: server.domainName, state: "shutoff", virtualization: "kvm", balloon: "virtio", memory: null }] };
    const statuses: Record<string, number> = {};
    for (const agent of AGENTS.filter((candidate) => candidate !== "the host's agent")) {
      const response = await call("/api/provider/v1/report", agentHeaders[agent], "POST", report);
      statuses[agent] = response.status;
      if (response.ok) expect(await response.json()).toEqual({ recorded: 0, ignored: 1 });
    }
    expect((await db().server.findUniqueOrThrow({ where: { id: server.id } })).status).toBe("running");
    const own = await call("/api/provider/v1/report", agentHeaders["the host's agent"], "POST", report);
    statuses["the host's agent"] = own.status;
    expect(await own.json()).toEqual({ recorded: 1, ignored: 0 });
    expect(statuses).toEqual({ ...PROVIDER, "another host's agent": 200 });
  });
});

describe("the admin API, route by route and caller by caller", () => {
  type AdminCaller = "nobody" | "customer session" | "customer API token" | "operator session" | "host agent token" | "operator API token";
  const ADMIN_CALLERS: AdminCaller[] = ["nobody", "customer session", "customer API token", "operator session", "host agent token", "operator API token"];
  let adminHeaders: Record<AdminCaller, Record<string, string>>;

  // Fresh sessions: the customer API's last cell signed everyone out everywhere.
  beforeAll(async () => {
    const operatorToken = (await createApiToken({ userId: people.operator.id, name: "matrix" })).token;
    const customerToken = (await createApiToken({ userId: people.owner.id, name: "matrix-admin" })).token;
    adminHeaders = {
      nobody: sameSite(),
      "customer session": await session(people.owner),
      "customer API token": { authorization: `Bearer ${customerToken}` },
      "operator session": await session(people.operator),
      "host agent token": { authorization: `Bearer ${hostAgentToken}` },
      "operator API token": { authorization: `Bearer ${operatorToken}` },
    };
  });

  // Customers learn nothing of the admin API (404, as for no such endpoint); only an operator's token is taken.
  const ADMIN = (ok: number): Record<AdminCaller, number> => ({
    nobody: 401,
    "customer session": 404,
    "customer API token": 404,
    "operator session": 403,
    "host agent token": 403,
    "operator API token": ok,
  });

  /** A host whose agent reported one KVM domain. */
  async function reportedHost() {
    const host = await createHost();
    const agent = { authorization: `Bearer ${await issueAgentToken(host.name)}` };
    const domains = [{ name: unique("dom"), state: "running", virtualization: "kvm", balloon: "virtio", memory: null, definition: { memoryKiB: 2_097_152, vcpus: 1 } }];
    expect((await call("/api/provider/v1/report", agent, "POST", { domains })).status).toBe(200);
    return host;
  }

  type AdminRoute = { name: string; ok: number; request: () => Promise<{ path: string; method?: string; body?: unknown }> };
  const ADMIN_ROUTES: AdminRoute[] = [
    { name: "GET /hosts", ok: 200, request: async () => ({ path: "/api/admin/v1/hosts" }) },
    { name: "POST /hosts", ok: 201, request: async () => ({ path: "/api/admin/v1/hosts", method: "POST", body: { name: unique("node"), hypervisorUri: "qemu:///system" } }) },
    { name: "POST /hosts/{name}/agent-token", ok: 200, request: async () => ({ path: `/api/admin/v1/hosts/${(await createHost()).name}/agent-token`, method: "POST" }) },
    { name: "DELETE /hosts/{name}", ok: 200, request: async () => ({ path: `/api/admin/v1/hosts/${(await createHost()).name}`, method: "DELETE" }) },
    { name: "GET /customers", ok: 200, request: async () => ({ path: "/api/admin/v1/customers" }) },
    { name: "POST /customers", ok: 201, request: async () => ({ path: "/api/admin/v1/customers", method: "POST", body: { email: `${unique("new")}@example.test`, name: "New" } }) },
    { name: "POST /customers/{id}/sign-in-link", ok: 201, request: async () => ({ path: `/api/admin/v1/customers/${(await createUser()).id}/sign-in-link`, method: "POST", body: {} }) },
    { name: "GET /servers", ok: 200, request: async () => ({ path: "/api/admin/v1/servers" }) },
    {
      name: "POST /servers/import",
      ok: 200,
      request: async () => ({ path: "/api/admin/v1/servers/import", method: "POST", body: { host: (await reportedHost()).name, owner: (await createUser()).email } }),
    },
    { name: "POST /servers/{id}/move", ok: 200, request: async () => ({ path: `/api/admin/v1/servers/${(await kvmServer()).id}/move`, method: "POST", body: { owner: (await createUser()).email } }) },
  ];

  const seen: string[] = [];
  for (const route of ADMIN_ROUTES) {
    it(`${route.name}: ${ADMIN_CALLERS.map((caller) => `${caller} ${ADMIN(route.ok)[caller]}`).join(", ")}`, async () => {
      const answers: Record<string, number> = {};
      for (const caller of ADMIN_CALLERS) {
        const { path, method, body } = await route.request();
        const response = await call(path, adminHeaders[caller], method, body);
        answers[caller] = response.status;
        // A customer meets exactly what an unknown endpoint answers.
        if (caller.startsWith("customer")) expect((await response.json()) as unknown).toEqual({ error: { code: "not_found", message: "No such API endpoint" } });
      }
      seen.push(`${route.name.padEnd(36)} ${ADMIN_CALLERS.map((caller) => String(answers[caller])).join("  ")}`);
      expect(answers).toEqual(ADMIN(route.ok));
    });
  }

  it("answers a customer on an admin route exactly as on a path no route claims", async () => {
    const unknown = await call("/api/admin/v1/no-such-thing", adminHeaders["customer API token"]);
    const admin = await call("/api/admin/v1/hosts", adminHeaders["customer API token"]);
    expect([admin.status, await admin.json()]).toEqual([unknown.status, await unknown.json()]);
    console.log(`admin API: ${ADMIN_CALLERS.join(" | ")}\n${seen.join("\n")}`);
  });
});

describe("the operator pages, page by page and caller by caller", () => {
  type PageCaller = "nobody" | "customer" | "operator";
  const PAGES = ["/operator", "/operator/servers", "/operator/actions"];
  let pageHeaders: Record<PageCaller, Record<string, string>>;

  beforeAll(async () => {
    pageHeaders = { nobody: {}, customer: await session(people.owner), operator: await session(people.operator) };
  });

  // A customer gets the 404 of a page that does not exist; nobody is sent to sign in, as on every page.
  const EXPECTED: Record<PageCaller, number> = { nobody: 307, customer: 404, operator: 200 };
  const seen: string[] = [];
  for (const path of PAGES) {
    it(`GET ${path}: nobody → sign-in, customer 404, operator 200`, async () => {
      const answers: string[] = [];
      for (const caller of ["nobody", "customer", "operator"] as const) {
        const response = await fetch(`${base()}${path}`, { headers: pageHeaders[caller], redirect: "manual" });
        answers.push(String(response.status));
        expect(response.status, `${caller} on ${path}`).toBe(EXPECTED[caller]);
        if (caller === "nobody") expect(new URL(response.headers.get("location") ?? "", base()).pathname).toBe("/login");
      }
      seen.push(`${path}: ${answers.join(" | ")}`);
    });
  }

  it("answers a customer on an operator page as on a page that does not exist, with nothing of the operator's side", async () => {
    const missing = await fetch(`${base()}/no-such-page`, { headers: pageHeaders.customer });
    const operatorPage = await fetch(`${base()}/operator`, { headers: pageHeaders.customer });
    expect(operatorPage.status).toBe(missing.status);
    // What the 404 shows in a browser is checked in operator-pages.test.ts; here, that nothing of the
    // operator's side is in the answer at all.
    const pageHtml = await operatorPage.text();
    for (const words of ["All servers", "Failures", "Held by balloons", "Hosts</h1>"]) expect(pageHtml).not.toContain(words);
    expect(pageHtml).toContain("Not found");
    console.log(`operator pages: nobody | customer | operator\n${seen.join("\n")}`);
  });
});
