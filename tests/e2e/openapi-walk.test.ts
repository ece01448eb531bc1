import { randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import * as z from "zod/mini";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BODY_LIMITS } from "@/lib/api/request-body.ts";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { createSession } from "@/lib/auth/sessions.ts";
import { ERROR_CODES, errorBodySchema, type ErrorCode } from "@/lib/contracts/errors.ts";
import { claimResponse, type ClaimedAction } from "@/lib/contracts/provider.ts";
import type { adminRoutes } from "@/lib/contracts/admin-routes.ts";
import type { customerRoutes } from "@/lib/contracts/customer-routes.ts";
import type { providerRoutes } from "@/lib/contracts/provider-routes.ts";
import type { HttpMethod } from "@/lib/contracts/route-contract.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { kvmDomainNameFor } from "@/lib/images/catalogue.ts";
import { buildDashboard, startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { createHost, createServer, createUser, sessionCookieFor, signedInBrowser, unique } from "../support/factories.ts";

// The published OpenAPI document, walked against the running app: every operation it lists, and
// every response of each (each success status, each error code under each error status), provoked
// by a real request over HTTP, answered with that status and code, and with a body its schema in
// the document accepts. The recipes below must match the document exactly, so a new route or a new
// code cannot go unwalked. Every route file is in the document, and answers exactly its methods.

// ---------------------------------------------------------------------------------------------
// What is not provoked here, on purpose.

/** Codes no request from outside can provoke on purpose, each with why and where it is tested instead. */
const NOT_PROVOKED: Partial<Record<ErrorCode, { reason: string; testedIn: string[] }>> = {
  internal: {
    reason: "A fault on the dashboard's side. The app runs with API_CONTRACT_CHECKS=on, which turns any answer that breaks its contract into one: every recipe here would meet it.",
    testedIn: [],
  },
  unavailable: {
    reason: "Needs the database down while the app runs.",
    testedIn: ["tests/integration/database-unavailable.test.ts", "tests/e2e/sign-in-security.test.ts"],
  },
};

/** Route files that are not operations of the document, each with why. */
const UNDOCUMENTED_ROUTE_FILES: Record<string, string> = {
  "app/api/[...path]/route.ts": "Answers any API path no route claims with the API's 404 error body (not_found).",
  "app/api/auth/[...nextauth]/route.ts": "next-auth's browser sign-in flow, not part of the scripting API.",
  "app/metrics/route.ts": "Prometheus's scrape for operators' tokens, in Prometheus's text format: docs/observability.md, tests/e2e/metrics.test.ts.",
};

// ---------------------------------------------------------------------------------------------
// The document as published, read as far as this walk needs it.

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const satisfies readonly HttpMethod[];
const methodSchema = z.enum(METHODS);

const responseObjectSchema = z.object({ content: z.optional(z.record(z.string(), z.object({ schema: z.unknown() }))) });
const operationObjectSchema = z.object({ operationId: z.string(), responses: z.record(z.string(), responseObjectSchema) });
const documentSchema = z.object({ openapi: z.string(), paths: z.record(z.string(), z.record(z.string(), operationObjectSchema)) });
/** An error response's schema narrows `error.code` to the codes of its status. */
const errorResponseSchema = z.object({
  properties: z.object({ error: z.object({ properties: z.object({ code: z.object({ enum: z.array(z.enum(ERROR_CODES)) }) }) }) }),
});

type OperationId = keyof typeof customerRoutes | keyof typeof providerRoutes | keyof typeof adminRoutes;
type Operation = { operationId: string; method: HttpMethod; path: string; responses: Map<number, { codes: ErrorCode[] | null }> };
/** One documented answer: a success status, or an error status with one of its codes. */
type ResponseKey = `${string} ${number}` | `${string} ${number} ${ErrorCode}`;

const keyOf = (operationId: string, status: number, code?: ErrorCode): ResponseKey => (code ? `${operationId} ${status} ${code}` : `${operationId} ${status}`);

function operationsOf(document: z.infer<typeof documentSchema>): Operation[] {
  return Object.entries(document.paths).flatMap(([urlPath, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const responses = new Map<number, { codes: ErrorCode[] | null }>();
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = response.content?.["application/json"]?.schema;
        const codes = Number(status) >= 400 ? errorResponseSchema.parse(schema).properties.error.properties.code.enum : null;
        responses.set(Number(status), { codes });
      }
      return { operationId: operation.operationId, method: methodSchema.parse(method.toUpperCase()), path: urlPath, responses };
    }),
  );
}

function documentedKeys(operations: Operation[]): ResponseKey[] {
  return operations.flatMap((operation) =>
    [...operation.responses].flatMap(([status, { codes }]) => (codes ? codes.map((code) => keyOf(operation.operationId, status, code)) : [keyOf(operation.operationId, status)])),
  );
}

/** The JSON pointer of a response's schema in the document, as a URI fragment. */
function schemaPointer(operation: Operation, status: number): string {
  const segments = ["paths", operation.path, operation.method.toLowerCase(), "responses", String(status), "content", "application/json", "schema"];
  return segments.map((segment) => encodeURIComponent(segment.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/");
}

// ---------------------------------------------------------------------------------------------
// Requests over HTTP (node:http, which also sends a GET with a body).

type Headers = Record<string, string>;
type Call = {
  method: HttpMethod;
  path: string;
  headers?: Headers;
  body?: string;
  /**
   * Held back until the server answers: for a body the server refuses on its declared length alone.
   * (Sent, its unread rest would race the server closing the connection, which can reset it before
   * the answer is read.)
   */
  holdBody?: boolean;
};
type Answer = { status: number; contentType: string; allow: string | undefined; etag: string | undefined; text: string };

function send({ method, path: target, headers = {}, body, holdBody = false }: Call): Promise<Answer> {
  const url = new URL(target, base());
  const payload = body === undefined ? undefined : Buffer.from(body);
  let answered = false;
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent: false, headers: { ...headers, ...(payload ? { "content-length": String(payload.length) } : {}) } });
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        // A held body is never sent: the request ends here.
        request.destroy();
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers["content-type"] ?? "",
          allow: response.headers.allow,
          etag: response.headers.etag,
          text: Buffer.concat(chunks).toString("utf8"),
        });
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (holdBody) request.flushHeaders();
    else request.end(payload);
  });
}

const JSON_TYPE = { "content-type": "application/json" };
const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });
const sameSite = (): Headers => ({ origin: base() });

/** A JSON request with the caller's headers. */
const call = (method: HttpMethod, target: string, headers: Headers, body?: unknown): Call =>
  body === undefined ? { method, path: target, headers } : { method, path: target, headers: { ...headers, ...JSON_TYPE }, body: JSON.stringify(body) };

/** A JSON object of exactly limit + 1 bytes. */
function oversized(limit: number): string {
  const empty = '{"padding":""}';
  return `{"padding":"${"x".repeat(limit + 1 - empty.length)}"}`;
}

// ---------------------------------------------------------------------------------------------
// Fixtures: made through the factories and the API, in this file's own database.

type Fixtures = {
  owner: Awaited<ReturnType<typeof createUser>>;
  operator: Awaited<ReturnType<typeof createUser>>;
  ownerToken: string;
  ownerReadOnlyToken: string;
  strangerToken: string;
  operatorToken: string;
  hostId: string;
  hostAgent: Headers;
  otherHostAgent: Headers;
};

let app: RunningDashboard | undefined;
let database: ScratchDatabase | undefined;
let dataDir: string | undefined;
let fixtures: Fixtures | undefined;
let walked: { document: z.infer<typeof documentSchema>; operations: Operation[]; validate: (operation: Operation, status: number, body: unknown) => string | null } | undefined;
const previousDatabaseUrl = process.env.DATABASE_URL;

const base = () => app?.baseUrl ?? expectSetUp("the app");
const fx = () => fixtures ?? expectSetUp("the fixtures");
const doc = () => walked ?? expectSetUp("the document");

function expectSetUp(what: string): never {
  throw new Error(`${what} is not set up`);
}

const owner = () => bearer(fx().ownerToken);
const kvm = () => createServer({ ownerId: fx().owner.id, hostId: fx().hostId });
const lxc = () => createServer({ ownerId: fx().owner.id, hostId: fx().hostId, virtualization: "lxc", ballooningEnabled: false });
/** The owner's session cookie, as a browser sends it; without an Origin unless given one. */
const ownerSession = async (extra: Headers = {}): Promise<Headers> => ({ cookie: await sessionCookieFor(fx().owner), ...extra });

/** Sends a request the walk needs as a step towards its case, and insists it is answered `status`. */
async function step(request: Call, status: number): Promise<unknown> {
  const answer = await send(request);
  if (answer.status !== status) throw new Error(`${request.method} ${request.path} answered ${answer.status}, not ${status}: ${answer.text.slice(0, 300)}`);
  return JSON.parse(answer.text);
}

const actionIdOf = (body: unknown) => z.object({ action: z.object({ id: z.string() }) }).parse(body).action.id;

/** Queues an action through the customer API; its id. */
async function queued(server: { id: string; name: string }, command: "restart" | "reinstall"): Promise<string> {
  const body = command === "restart" ? { mode: "graceful" } : { image: "debian-12", confirmName: server.name };
  return actionIdOf(await step(call("POST", `/api/v1/servers/${server.id}/actions/${command}`, owner(), body), 202));
}

/** A restart of a new server on a host of its own, claimed by that host's agent: the action, its lease and the agent. */
async function claimedRestart(): Promise<{ action: ClaimedAction; agent: Headers }> {
  const host = await createHost();
  const agent = bearer(await issueAgentToken(host.name));
  const server = await createServer({ ownerId: fx().owner.id, hostId: host.id });
  await queued(server, "restart");
  const { actions } = claimResponse.parse(await step(call("POST", "/api/provider/v1/actions/claim", agent, { max: 5 }), 200));
  const [action] = actions;
  if (!action || actions.length !== 1) throw new Error(`the host's agent claimed ${actions.length} actions, not its one restart`);
  return { action, agent };
}

beforeAll(buildDashboard, 900_000);

beforeAll(async () => {
  database = await createScratchDatabase(inject("adminDatabaseUrl"), "openapi_walk");
  // The factories write through db(), which reads DATABASE_URL when first used: this file's database.
  process.env.DATABASE_URL = database.url;
  dataDir = await mkdtemp(path.join(os.tmpdir(), "openapi-walk-"));
  await chmod(dataDir, 0o755);
  const secret = process.env.NEXTAUTH_SECRET ?? expectSetUp("NEXTAUTH_SECRET");
  // No agents of the app's own: the walk claims and completes actions itself.
  app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: secret, DASHBOARD_BUILTIN_AGENTS: "0", DASHBOARD_MEMORY_MAINTENANCE: "0", DASHBOARD_DATA_DIR: dataDir });

  const [ownerUser, stranger, operator] = await Promise.all([createUser(), createUser(), createUser({ role: "operator" })]);
  const [host, otherHost] = await Promise.all([createHost(), createHost()]);
  fixtures = {
    owner: ownerUser,
    operator,
    ownerToken: (await createApiToken({ userId: ownerUser.id, name: "walk" })).token,
    ownerReadOnlyToken: (await createApiToken({ userId: ownerUser.id, name: "walk, read-only", scope: "read" })).token,
    strangerToken: (await createApiToken({ userId: stranger.id, name: "walk" })).token,
    operatorToken: (await createApiToken({ userId: operator.id, name: "walk" })).token,
    hostId: host.id,
    hostAgent: bearer(await issueAgentToken(host.name)),
    otherHostAgent: bearer(await issueAgentToken(otherHost.name)),
  };

  // The document as published, over HTTP.
  const published = await send({ method: "GET", path: "/api/v1/openapi.json" });
  if (published.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${published.status}: ${published.text.slice(0, 300)}`);
  const raw = z.record(z.string(), z.unknown()).parse(JSON.parse(published.text));
  const document = documentSchema.parse(raw);
  // The document's own schemas, with `#/components/schemas/…` resolved within it. OpenAPI's own
  // keywords (`openapi`, `paths`, …) are not JSON Schema's: strict mode off.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const id = "https://dashboard.test/api/v1/openapi.json";
  ajv.addSchema({ ...raw, $id: id });
  const compiled = new Map<string, ValidateFunction>();
  walked = {
    document,
    operations: operationsOf(document),
    validate: (operation, status, body) => {
      const ref = `${id}#/${schemaPointer(operation, status)}`;
      const validate = compiled.get(ref) ?? ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
      return validate(body) ? null : ajv.errorsText(validate.errors, { dataVar: "body" });
    },
  };
}, 600_000);

afterAll(async () => {
  printCoverage();
  await app?.stop();
  if (fixtures) await db().$disconnect();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  process.env.DATABASE_URL = previousDatabaseUrl;
});

// ---------------------------------------------------------------------------------------------
// The recipes: for each operation, a request that provokes each of its documented answers.

type Recipe = { status: number; code?: ErrorCode; what: string; request: () => Promise<Call> };

const ok = (status: number, what: string, request: () => Promise<Call>): Recipe => ({ status, what, request });
const refused = (status: number, code: ErrorCode, what: string, request: () => Promise<Call>): Recipe => ({ status, code, what, request });

/**
 * What the HTTP layer refuses on any route, given a valid request with credentials (made fresh each
 * time): no credentials, a body over the limit, a body that is not JSON (a GET reads no body), and
 * a session cookie without our Origin or a read-only API token (customer routes that change
 * something) or a customer's credentials (the provider API).
 */
function transport(api: "customer" | "provider" | "admin" | "public", method: HttpMethod, valid: () => Promise<Call>): Recipe[] {
  const limit = api === "provider" ? BODY_LIMITS.provider : api === "admin" ? BODY_LIMITS.admin : BODY_LIMITS.customer;
  const without = (headers: Headers = {}) => Object.fromEntries(Object.entries(headers).filter(([name]) => !["authorization", "cookie", "origin"].includes(name)));
  const recipes: Recipe[] = [
    refused(413, "payload_too_large", `a body of ${limit} bytes and one`, async () => ({ ...(await valid()), body: oversized(limit), holdBody: true })),
  ];
  if (api !== "public") {
    recipes.push(refused(401, "unauthorized", "no credentials", async () => {
      const request = await valid();
      return { ...request, headers: without(request.headers) };
    }));
  }
  // Every read answers conditionally: asked again with the tag of an answer that still holds, 304.
  if (method === "GET") {
    recipes.push(
      ok(304, "asked again with the ETag of the answer, nothing changed since", async () => {
        const request = await valid();
        const first = await send(request);
        return { ...request, headers: { ...request.headers, "if-none-match": first.etag ?? "(no ETag)" } };
      }),
    );
  }
  // Next hands a GET handler no body: only other methods read one, and a GET changes nothing.
  if (method !== "GET") {
    recipes.push(
      refused(415, "unsupported_media_type", "the body as text/plain", async () => {
        const request = await valid();
        return { ...request, headers: { ...request.headers, "content-type": "text/plain" }, body: request.body ?? "{}" };
      }),
    );
  }
  if (api === "customer" && method !== "GET") {
    recipes.push(refused(403, "cross_site_request", "the session cookie without the dashboard's Origin", async () => {
      const request = await valid();
      return { ...request, headers: { ...without(request.headers), ...(await ownerSession()) } };
    }));
    recipes.push(refused(403, "token_read_only", "the owner's read-only API token", async () => {
      const request = await valid();
      return { ...request, headers: { ...without(request.headers), ...bearer(fx().ownerReadOnlyToken) } };
    }));
  }
  if (api === "provider") {
    recipes.push(
      refused(403, "forbidden", "a customer's API token", async () => {
        const request = await valid();
        return { ...request, headers: { ...request.headers, ...owner() } };
      }),
      refused(403, "forbidden", "a customer's session cookie", async () => {
        const request = await valid();
        return { ...request, headers: { ...without(request.headers), ...(await ownerSession(sameSite())) } };
      }),
    );
  }
  if (api === "admin") {
    const instead = (headers: Headers) => async () => {
      const request = await valid();
      return { ...request, headers: { ...without(request.headers), ...headers } };
    };
    recipes.push(
      refused(404, "not_found", "a customer's API token, as if there were no such endpoint", async () => instead(owner())()),
      refused(404, "not_found", "a customer's session cookie, as if there were no such endpoint", async () => instead({ ...(await ownerSession(sameSite())) })()),
      refused(403, "forbidden", "a host agent's token", async () => instead(fx().hostAgent)()),
      refused(403, "forbidden", "an operator's browser session", async () => instead({ cookie: await sessionCookieFor(fx().operator), ...sameSite() })()),
    );
  }
  return recipes;
}

const serverPath = (id: string, rest = "") => `/api/v1/servers/${id}${rest}`;
const hostPath = (name: string, rest = "") => `/api/admin/v1/hosts/${name}${rest}`;
const customerLinkPath = (id: string) => `/api/admin/v1/customers/${id}/sign-in-link`;
const asOperator = () => bearer(fx().operatorToken);
const tokenPath = (id: string) => `/api/v1/tokens/${id}`;
/** A new token of the owner's, to revoke: its id. */
const ownerTokenId = async () => (await createApiToken({ userId: fx().owner.id, name: "walk, to revoke" })).id;

/** A host with a server on it. */
async function kvmHost() {
  const host = await createHost();
  await createServer({ ownerId: fx().owner.id, hostId: host.id });
  return host;
}

/** A host whose agent reported these KVM domains, each of 2 GiB and 2 vCPUs. */
async function reportedHost(domains: string[]) {
  const host = await createHost();
  const agent = bearer(await issueAgentToken(host.name));
  const reported = domains.map((name) => ({ name, state: "running", virtualization: "kvm", balloon: "virtio", memory: null, definition: { memoryKiB: 2 * 1024 * 1024, vcpus: 2 } }));
  await step(call("POST", "/api/provider/v1/report", agent, { domains: reported }), 200);
  return host;
}

const RECIPES: Record<OperationId, Recipe[]> = {
  listServers: [
    ok(200, "the owner's servers", async () => {
      await Promise.all([kvm(), lxc()]);
      return call("GET", "/api/v1/servers", owner());
    }),
    ok(200, "an operator's (none of the owner's)", async () => call("GET", "/api/v1/servers", bearer(fx().operatorToken))),
    refused(400, "invalid_input", "an unknown query parameter", async () => call("GET", "/api/v1/servers?page=2", owner())),
    ...transport("customer", "GET", async () => call("GET", "/api/v1/servers", owner())),
  ],
  getServer: [
    ok(200, "a KVM server", async () => call("GET", serverPath((await kvm()).id), owner())),
    ok(200, "an LXC server", async () => call("GET", serverPath((await lxc()).id), owner())),
    refused(400, "invalid_input", "an unknown query parameter", async () => call("GET", serverPath((await kvm()).id, "?fields=all"), owner())),
    refused(404, "server_not_found", "no such server", async () => call("GET", serverPath(randomUUID()), owner())),
    refused(404, "server_not_found", "an id that is not one", async () => call("GET", serverPath("not-an-id"), owner())),
    refused(404, "server_not_found", "another customer's server", async () => call("GET", serverPath((await kvm()).id), bearer(fx().strangerToken))),
    refused(404, "server_not_found", "a customer's server, to an operator", async () => call("GET", serverPath((await kvm()).id), bearer(fx().operatorToken))),
    ...transport("customer", "GET", async () => call("GET", serverPath((await kvm()).id), owner())),
  ],
  getMemory: [
    ok(200, "a server with a reading", async () => {
      const server = await kvm();
      const memory = { source: "guest", totalKiB: 4_194_304, balloonKiB: 4_194_304, usedKiB: 1_048_576, availableKiB: 3_000_000, cacheKiB: 200_000, rssKiB: null };
      const report = { domains: [{ name: server.domainName, state: "running", virtualization: "kvm", balloon: "virtio", memory }] };
      await step(call("POST", "/api/provider/v1/report", fx().hostAgent, report), 200);
      return call("GET", serverPath(server.id, "/metrics/memory?range=1h"), owner());
    }),
    ok(200, "a server without readings", async () => call("GET", serverPath((await lxc()).id, "/metrics/memory?range=7d"), owner())),
    refused(400, "invalid_input", "a range there is none of", async () => call("GET", serverPath((await kvm()).id, "/metrics/memory?range=99y"), owner())),
    refused(404, "server_not_found", "no such server", async () => call("GET", serverPath(randomUUID(), "/metrics/memory?range=1h"), owner())),
    ...transport("customer", "GET", async () => call("GET", serverPath((await kvm()).id, "/metrics/memory?range=1h"), owner())),
  ],
  setBallooning: [
    ok(200, "recorded for the next restart", async () => call("PUT", serverPath((await kvm()).id, "/settings/ballooning"), owner(), { enabled: false, restart: "later" })),
    ok(200, "what it already runs with", async () => call("PUT", serverPath((await kvm()).id, "/settings/ballooning"), owner(), { enabled: true })),
    ok(202, "applied with a restart now", async () => call("PUT", serverPath((await kvm()).id, "/settings/ballooning"), owner(), { enabled: false, restart: "now" })),
    ok(202, "by the owner's browser", async () =>
      call("PUT", serverPath((await kvm()).id, "/settings/ballooning"), await ownerSession(sameSite()), { enabled: false, restart: "now" }),
    ),
    refused(400, "invalid_input", "an unknown field", async () => call("PUT", serverPath((await kvm()).id, "/settings/ballooning"), owner(), { enabled: true, surprise: 1 })),
    refused(400, "invalid_input", "malformed JSON", async () => ({ method: "PUT", path: serverPath((await kvm()).id, "/settings/ballooning"), headers: { ...owner(), ...JSON_TYPE }, body: '{"enabled":' })),
    refused(404, "server_not_found", "no such server", async () => call("PUT", serverPath(randomUUID(), "/settings/ballooning"), owner(), { enabled: true })),
    refused(409, "ballooning_unsupported", "an LXC server", async () => call("PUT", serverPath((await lxc()).id, "/settings/ballooning"), owner(), { enabled: true })),
    refused(409, "reinstall_in_progress", "an LXC server being reinstalled onto KVM", async () => {
      const server = await lxc();
      await queued(server, "reinstall");
      return call("PUT", serverPath(server.id, "/settings/ballooning"), owner(), { enabled: true });
    }),
    refused(409, "guaranteed_memory_unavailable", "a plan of 4 GiB on a host that can guarantee 3 GiB", async () => {
      const host = await createHost({ memoryKiB: 4n * 1024n * 1024n, memoryHeadroomMiB: 1024 });
      const server = await createServer({ ownerId: fx().owner.id, hostId: host.id, memoryMiB: 4096 });
      return call("PUT", serverPath(server.id, "/settings/ballooning"), owner(), { enabled: false, restart: "now" });
    }),
    refused(409, "guaranteed_memory_unavailable", "a host that has not reported its memory", async () => {
      const host = await createHost({ memoryKiB: null });
      return call("PUT", serverPath((await createServer({ ownerId: fx().owner.id, hostId: host.id })).id, "/settings/ballooning"), owner(), { enabled: false, restart: "later" });
    }),
    ...transport("customer", "PUT", async () => call("PUT", serverPath((await kvm()).id, "/settings/ballooning"), owner(), { enabled: false, restart: "later" })),
  ],
  restartServer: [
    ok(202, "a KVM server", async () => call("POST", serverPath((await kvm()).id, "/actions/restart"), owner(), { mode: "graceful" })),
    ok(202, "an LXC server, the mode left to its default", async () => call("POST", serverPath((await lxc()).id, "/actions/restart"), owner(), {})),
    refused(400, "invalid_input", "a mode there is none of", async () => call("POST", serverPath((await kvm()).id, "/actions/restart"), owner(), { mode: "gently" })),
    refused(404, "server_not_found", "another customer's server", async () => call("POST", serverPath((await kvm()).id, "/actions/restart"), bearer(fx().strangerToken), {})),
    refused(409, "action_in_progress", "a restart already queued", async () => {
      const server = await kvm();
      await queued(server, "restart");
      return call("POST", serverPath(server.id, "/actions/restart"), owner(), { mode: "force" });
    }),
    refused(409, "reinstall_in_progress", "a server being reinstalled", async () => {
      const server = await lxc();
      await queued(server, "reinstall");
      return call("POST", serverPath(server.id, "/actions/restart"), owner(), {});
    }),
    ...transport("customer", "POST", async () => call("POST", serverPath((await kvm()).id, "/actions/restart"), owner(), { mode: "graceful" })),
  ],
  reinstallServer: [
    ok(202, "an LXC server, its name confirmed", async () => {
      const server = await lxc();
      return call("POST", serverPath(server.id, "/actions/reinstall"), owner(), { image: "almalinux-9", confirmName: server.name });
    }),
    refused(400, "invalid_input", "no confirmName", async () => call("POST", serverPath((await lxc()).id, "/actions/reinstall"), owner(), { image: "debian-12" })),
    refused(404, "server_not_found", "no such server", async () => call("POST", serverPath(randomUUID(), "/actions/reinstall"), owner(), { image: "debian-12", confirmName: "x" })),
    refused(409, "confirmation_mismatch", "another name typed", async () => call("POST", serverPath((await lxc()).id, "/actions/reinstall"), owner(), { image: "debian-12", confirmName: "not-its-name" })),
    refused(409, "already_on_kvm", "a KVM server", async () => {
      const server = await kvm();
      return call("POST", serverPath(server.id, "/actions/reinstall"), owner(), { image: "debian-12", confirmName: server.name });
    }),
    refused(409, "kvm_name_taken", "the KVM domain's name already a server's on the host", async () => {
      const server = await lxc();
      const clash = await kvm();
      await db().server.update({ where: { id: clash.id }, data: { domainName: kvmDomainNameFor(server.domainName) } });
      return call("POST", serverPath(server.id, "/actions/reinstall"), owner(), { image: "debian-12", confirmName: server.name });
    }),
    refused(409, "action_in_progress", "a restart queued", async () => {
      const server = await lxc();
      await queued(server, "restart");
      return call("POST", serverPath(server.id, "/actions/reinstall"), owner(), { image: "debian-12", confirmName: server.name });
    }),
    refused(422, "unknown_image", "an image not in the catalogue", async () => {
      const server = await lxc();
      return call("POST", serverPath(server.id, "/actions/reinstall"), owner(), { image: "windows-95", confirmName: server.name });
    }),
    refused(422, "invalid_ssh_key", "a login with text that is no SSH public key", async () => {
      const server = await lxc();
      return call("POST", serverPath(server.id, "/actions/reinstall"), owner(), { image: "debian-12", confirmName: server.name, login: { method: "ssh_key", publicKey: "ssh-ed25519 not-a-key" } });
    }),
    ...transport("customer", "POST", async () => {
      const server = await lxc();
      return call("POST", serverPath(server.id, "/actions/reinstall"), owner(), { image: "debian-12", confirmName: server.name });
    }),
  ],
  listActions: [
    ok(200, "a server with actions", async () => {
      const server = await kvm();
      await queued(server, "restart");
      return call("GET", serverPath(server.id, "/actions"), owner());
    }),
    refused(400, "invalid_input", "an unknown query parameter", async () => call("GET", serverPath((await kvm()).id, "/actions?limit=1"), owner())),
    refused(404, "server_not_found", "no such server", async () => call("GET", serverPath(randomUUID(), "/actions"), owner())),
    ...transport("customer", "GET", async () => call("GET", serverPath((await kvm()).id, "/actions"), owner())),
  ],
  getAction: [
    ok(200, "a queued restart", async () => call("GET", `/api/v1/actions/${await queued(await kvm(), "restart")}`, owner())),
    ok(200, "a restart its agent finished", async () => {
      const { action, agent } = await claimedRestart();
      await step(call("POST", `/api/provider/v1/actions/${action.id}/progress`, agent, { lease: action.lease.id, step: "update_domain_xml", status: "done", progress: 20 }), 200);
      await step(call("POST", `/api/provider/v1/actions/${action.id}/complete`, agent, { lease: action.lease.id, status: "error", error: { code: "rolled_back", message: "Undone." } }), 200);
      return call("GET", `/api/v1/actions/${action.id}`, owner());
    }),
    refused(400, "invalid_input", "an unknown query parameter", async () => call("GET", `/api/v1/actions/${await queued(await kvm(), "restart")}?x=1`, owner())),
    refused(404, "action_not_found", "no such action", async () => call("GET", `/api/v1/actions/${randomUUID()}`, owner())),
    refused(404, "action_not_found", "another customer's action", async () => call("GET", `/api/v1/actions/${await queued(await kvm(), "restart")}`, bearer(fx().strangerToken))),
    ...transport("customer", "GET", async () => call("GET", `/api/v1/actions/${await queued(await kvm(), "restart")}`, owner())),
  ],
  signOutEverywhere: [
    ok(200, "a signed-in browser", async () => call("DELETE", "/api/v1/sessions", await freshSession())),
    ok(200, "an API token", async () => call("DELETE", "/api/v1/sessions", bearer((await createApiToken({ userId: (await createUser()).id, name: "walk" })).token))),
    refused(400, "invalid_input", "a body it does not take", async () => call("DELETE", "/api/v1/sessions", await freshSession(), { everywhere: true })),
    ...transport("customer", "DELETE", async () => call("DELETE", "/api/v1/sessions", await freshSession())),
  ],
  setLocale: [
    ok(200, "Italian, from the account's browser", async () => call("PUT", "/api/v1/account/locale", await browserOf(await createUser()), { locale: "it" })),
    refused(400, "invalid_input", "a language the dashboard does not speak", async () =>
      call("PUT", "/api/v1/account/locale", await browserOf(await createUser()), { locale: "fr" }),
    ),
    refused(403, "forbidden", "an API token", async () => {
      const user = await createUser();
      const { token } = await createApiToken({ userId: user.id, name: "walk" });
      return call("PUT", "/api/v1/account/locale", bearer(token), { locale: "de" });
    }),
    ...transport("customer", "PUT", async () => call("PUT", "/api/v1/account/locale", await browserOf(await createUser()), { locale: "it" })),
  ],
  changePassword: [
    ok(200, "the right current password, from the account's browser", async () => {
      const user = await createUser();
      return call("POST", "/api/v1/account/password", await browserOf(user), { currentPassword: user.password, newPassword: NEW_PASSWORD });
    }),
    refused(400, "invalid_input", "no new password", async () => {
      const user = await createUser();
      return call("POST", "/api/v1/account/password", await browserOf(user), { currentPassword: user.password });
    }),
    refused(403, "forbidden", "an API token, with the right password", async () => {
      const user = await createUser();
      const { token } = await createApiToken({ userId: user.id, name: "walk" });
      return call("POST", "/api/v1/account/password", bearer(token), { currentPassword: user.password, newPassword: NEW_PASSWORD });
    }),
    refused(403, "wrong_password", "a wrong current password", async () =>
      call("POST", "/api/v1/account/password", await browserOf(await createUser()), { currentPassword: "not the password", newPassword: NEW_PASSWORD }),
    ),
    refused(422, "weak_password", "a new password too short", async () => {
      const user = await createUser();
      return call("POST", "/api/v1/account/password", await browserOf(user), { currentPassword: user.password, newPassword: "too short" });
    }),
    refused(429, "rate_limited", "the right password after five wrong ones", async () => {
      const user = await createUser();
      const browser = await browserOf(user);
      for (let i = 0; i < 5; i++) await step(call("POST", "/api/v1/account/password", browser, { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD }), 403);
      return call("POST", "/api/v1/account/password", browser, { currentPassword: user.password, newPassword: NEW_PASSWORD });
    }),
    ...transport("customer", "POST", async () => {
      const user = await createUser();
      return call("POST", "/api/v1/account/password", await browserOf(user), { currentPassword: user.password, newPassword: NEW_PASSWORD });
    }),
  ],
  listSessions: [
    ok(200, "the owner's browser", async () => call("GET", "/api/v1/sessions", await ownerSession())),
    refused(400, "invalid_input", "an unknown query parameter", async () => call("GET", "/api/v1/sessions?all=1", await ownerSession())),
    refused(403, "forbidden", "an API token", async () => call("GET", "/api/v1/sessions", owner())),
    ...transport("customer", "GET", async () => call("GET", "/api/v1/sessions", await ownerSession())),
  ],
  endSession: [
    ok(200, "another of the owner's sessions", async () => call("DELETE", sessionPath(await createSession({ userId: fx().owner.id })), await ownerSession(sameSite()))),
    ok(200, "the browser's own session, signing it out", async () => {
      const { sessionId, headers } = await signedInBrowser(await createUser());
      return call("DELETE", sessionPath(sessionId), { cookie: headers.cookie, ...sameSite() });
    }),
    refused(400, "invalid_input", "a body it does not take", async () =>
      call("DELETE", sessionPath(await createSession({ userId: fx().owner.id })), await ownerSession(sameSite()), { everywhere: true }),
    ),
    refused(403, "forbidden", "an API token", async () => call("DELETE", sessionPath(await createSession({ userId: fx().owner.id })), owner())),
    refused(404, "session_not_found", "another customer's session", async () =>
      call("DELETE", sessionPath(await createSession({ userId: (await createUser()).id })), await ownerSession(sameSite())),
    ),
    refused(404, "session_not_found", "no such session", async () => call("DELETE", sessionPath(randomUUID()), await ownerSession(sameSite()))),
    refused(404, "session_not_found", "an id that is not one", async () => call("DELETE", sessionPath("not-an-id"), await ownerSession(sameSite()))),
    ...transport("customer", "DELETE", async () => call("DELETE", sessionPath(await createSession({ userId: fx().owner.id })), await ownerSession(sameSite()))),
  ],
  openApiDocument: [
    ok(200, "anyone", async () => call("GET", "/api/v1/openapi.json", {})),
    refused(400, "invalid_input", "an unknown query parameter", async () => call("GET", "/api/v1/openapi.json?format=yaml", {})),
    ...transport("public", "GET", async () => call("GET", "/api/v1/openapi.json", {})),
  ],
  claimActions: [
    ok(200, "a queued restart", async () => {
      const host = await createHost();
      const agent = bearer(await issueAgentToken(host.name));
      await queued(await createServer({ ownerId: fx().owner.id, hostId: host.id }), "restart");
      return call("POST", "/api/provider/v1/actions/claim", agent, { max: 5 });
    }),
    ok(200, "nothing to claim, another host's agent", async () => call("POST", "/api/provider/v1/actions/claim", fx().otherHostAgent, {})),
    refused(400, "invalid_input", "max 0", async () => call("POST", "/api/provider/v1/actions/claim", fx().hostAgent, { max: 0 })),
    ...transport("provider", "POST", async () => call("POST", "/api/provider/v1/actions/claim", fx().hostAgent, { max: 1 })),
  ],
  reportProgress: [
    ok(200, "a step's progress", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/progress`, agent, { lease: action.lease.id, step: "update_domain_xml", status: "running", progress: 10, data: { before: "<domain/>" } });
    }),
    ok(200, "a heartbeat", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/progress`, agent, { lease: action.lease.id });
    }),
    refused(400, "invalid_input", "progress over 100", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/progress`, agent, { lease: action.lease.id, progress: 101 });
    }),
    refused(404, "action_not_found", "no such action", async () => call("POST", `/api/provider/v1/actions/${randomUUID()}/progress`, fx().hostAgent, { lease: "x" })),
    refused(404, "action_not_found", "another host's action", async () => {
      const { action } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/progress`, fx().otherHostAgent, { lease: action.lease.id });
    }),
    refused(409, "lease_lost", "a lease the action is not under", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/progress`, agent, { lease: randomUUID() });
    }),
    refused(422, "unknown_step", "a reinstall's step, for a restart", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/progress`, agent, { lease: action.lease.id, step: "define_kvm_domain" });
    }),
    refused(422, "invalid_step_data", "data without its step", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/progress`, agent, { lease: action.lease.id, data: { before: "<domain/>" } });
    }),
    ...transport("provider", "POST", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/progress`, agent, { lease: action.lease.id });
    }),
  ],
  completeAction: [
    ok(200, "a success, with the domain as left", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/complete`, agent, { lease: action.lease.id, status: "success", observed: { state: "running", balloon: "virtio" } });
    }),
    ok(200, "a finished action, completed again", async () => {
      const { action, agent } = await claimedRestart();
      const body = { lease: action.lease.id, status: "error", error: { code: "not_applied", message: "Nothing was changed." } };
      await step(call("POST", `/api/provider/v1/actions/${action.id}/complete`, agent, body), 200);
      return call("POST", `/api/provider/v1/actions/${action.id}/complete`, agent, body);
    }),
    refused(400, "invalid_input", "a status there is none of", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/complete`, agent, { lease: action.lease.id, status: "done" });
    }),
    refused(404, "action_not_found", "another host's action", async () => {
      const { action } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/complete`, fx().otherHostAgent, { lease: action.lease.id, status: "success" });
    }),
    refused(409, "lease_lost", "a lease the action is not under", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/complete`, agent, { lease: randomUUID(), status: "success" });
    }),
    ...transport("provider", "POST", async () => {
      const { action, agent } = await claimedRestart();
      return call("POST", `/api/provider/v1/actions/${action.id}/complete`, agent, { lease: action.lease.id, status: "success" });
    }),
  ],
  report: [
    ok(200, "a domain of the host's and one it does not know", async () => {
      const server = await kvm();
      const domains = [
        { name: server.domainName, state: "running", virtualization: "kvm", balloon: "virtio", memory: null },
        { name: "operators-own-vm", state: "shutoff", virtualization: "kvm", balloon: null, memory: null },
      ];
      return call("POST", "/api/provider/v1/report", fx().hostAgent, { domains });
    }),
    refused(400, "invalid_input", "domains that are not a list", async () => call("POST", "/api/provider/v1/report", fx().hostAgent, { domains: {} })),
    ...transport("provider", "POST", async () => call("POST", "/api/provider/v1/report", fx().hostAgent, { domains: [] })),
  ],
  adminListHosts: [
    ok(200, "every host", async () => call("GET", "/api/admin/v1/hosts", asOperator())),
    refused(400, "invalid_input", "an unknown query parameter", async () => call("GET", "/api/admin/v1/hosts?page=2", asOperator())),
    ...transport("admin", "GET", async () => call("GET", "/api/admin/v1/hosts", asOperator())),
  ],
  adminCreateHost: [
    ok(201, "a new node", async () => call("POST", "/api/admin/v1/hosts", asOperator(), { name: unique("node"), hypervisorUri: "qemu+ssh://root@node/system" })),
    refused(400, "invalid_input", "a URI that makes virsh run a program", async () =>
      call("POST", "/api/admin/v1/hosts", asOperator(), { name: unique("node"), hypervisorUri: "qemu+ssh://node/system?command=/bin/sh" }),
    ),
    refused(409, "host_name_taken", "a name in use", async () => call("POST", "/api/admin/v1/hosts", asOperator(), { name: (await createHost()).name, hypervisorUri: "qemu:///system" })),
    ...transport("admin", "POST", async () => call("POST", "/api/admin/v1/hosts", asOperator(), { name: unique("node"), hypervisorUri: "lxc:///" })),
  ],
  adminRotateHostToken: [
    ok(200, "a host's new agent token", async () => call("POST", hostPath((await createHost()).name, "/agent-token"), asOperator())),
    refused(400, "invalid_input", "a body it does not take", async () => call("POST", hostPath((await createHost()).name, "/agent-token"), asOperator(), { token: "mine" })),
    refused(404, "host_not_found", "no such host", async () => call("POST", hostPath(unique("nowhere"), "/agent-token"), asOperator())),
    refused(404, "host_not_found", "a name no host can have", async () => call("POST", hostPath("-dash-first", "/agent-token"), asOperator())),
    ...transport("admin", "POST", async () => call("POST", hostPath((await createHost()).name, "/agent-token"), asOperator())),
  ],
  adminDeleteHost: [
    ok(200, "a host no server is on", async () => call("DELETE", hostPath((await createHost()).name), asOperator())),
    refused(400, "invalid_input", "an unknown query parameter", async () => call("DELETE", hostPath((await createHost()).name, "?force=yes"), asOperator())),
    refused(404, "host_not_found", "no such host", async () => call("DELETE", hostPath(unique("nowhere")), asOperator())),
    refused(409, "host_has_servers", "a host with a server on it", async () => {
      const host = await createHost();
      await createServer({ ownerId: fx().owner.id, hostId: host.id });
      return call("DELETE", hostPath(host.name), asOperator());
    }),
    ...transport("admin", "DELETE", async () => call("DELETE", hostPath((await createHost()).name), asOperator())),
  ],
  adminListCustomers: [
    ok(200, "every customer", async () => call("GET", "/api/admin/v1/customers", asOperator())),
    refused(400, "invalid_input", "an unknown query parameter", async () => call("GET", "/api/admin/v1/customers?role=operator", asOperator())),
    ...transport("admin", "GET", async () => call("GET", "/api/admin/v1/customers", asOperator())),
  ],
  adminCreateCustomer: [
    ok(201, "a new customer and their link", async () => call("POST", "/api/admin/v1/customers", asOperator(), { email: `${unique("new")}@example.test`, name: "New Customer" })),
    ok(201, "with a link for two hours", async () => call("POST", "/api/admin/v1/customers", asOperator(), { email: `${unique("new")}@example.test`, name: "New", linkValidHours: 2 })),
    refused(400, "invalid_input", "an address that is not one", async () => call("POST", "/api/admin/v1/customers", asOperator(), { email: "not-an-address", name: "X" })),
    refused(409, "email_taken", "an address with an account", async () => call("POST", "/api/admin/v1/customers", asOperator(), { email: (await createUser()).email.toUpperCase(), name: "Again" })),
    ...transport("admin", "POST", async () => call("POST", "/api/admin/v1/customers", asOperator(), { email: `${unique("new")}@example.test`, name: "New" })),
  ],
  adminNewSignInLink: [
    ok(201, "a customer's new link", async () => call("POST", customerLinkPath((await createUser()).id), asOperator(), {})),
    refused(400, "invalid_input", "a link valid for no time", async () => call("POST", customerLinkPath((await createUser()).id), asOperator(), { linkValidHours: 0 })),
    refused(404, "customer_not_found", "no such customer", async () => call("POST", customerLinkPath(randomUUID()), asOperator(), {})),
    refused(404, "customer_not_found", "an id that is not one", async () => call("POST", customerLinkPath("not-an-id"), asOperator(), {})),
    refused(404, "customer_not_found", "an operator, who is no customer", async () => call("POST", customerLinkPath(fx().operator.id), asOperator(), {})),
    ...transport("admin", "POST", async () => call("POST", customerLinkPath((await createUser()).id), asOperator(), {})),
  ],
  adminListServers: [
    ok(200, "every server", async () => call("GET", "/api/admin/v1/servers", asOperator())),
    ok(200, "a host's", async () => call("GET", `/api/admin/v1/servers?host=${(await kvmHost()).name}`, asOperator())),
    ok(200, "a customer's", async () => call("GET", `/api/admin/v1/servers?owner=${encodeURIComponent(fx().owner.email)}`, asOperator())),
    refused(400, "invalid_input", "an owner that is no address", async () => call("GET", "/api/admin/v1/servers?owner=someone", asOperator())),
    refused(404, "host_not_found", "no such host", async () => call("GET", `/api/admin/v1/servers?host=${unique("nowhere")}`, asOperator())),
    refused(404, "customer_not_found", "no such customer", async () => call("GET", `/api/admin/v1/servers?owner=${unique("nobody")}@example.test`, asOperator())),
    ...transport("admin", "GET", async () => call("GET", "/api/admin/v1/servers", asOperator())),
  ],
  adminImportServers: [
    ok(200, "a reported domain, and again (nothing new)", async () => {
      const host = await reportedHost(["imported-1"]);
      const body = { host: host.name, owner: fx().owner.email };
      await step(call("POST", "/api/admin/v1/servers/import", asOperator(), body), 200);
      return call("POST", "/api/admin/v1/servers/import", asOperator(), body);
    }),
    ok(200, "named domains, one of them not reported", async () =>
      call("POST", "/api/admin/v1/servers/import", asOperator(), { host: (await reportedHost(["imported-2"])).name, owner: fx().owner.email, domains: [{ name: "imported-2", serverName: "Shop" }, { name: "gone" }] }),
    ),
    refused(400, "invalid_input", "no owner", async () => call("POST", "/api/admin/v1/servers/import", asOperator(), { host: (await reportedHost([])).name })),
    refused(404, "host_not_found", "no such host", async () => call("POST", "/api/admin/v1/servers/import", asOperator(), { host: unique("nowhere"), owner: fx().owner.email })),
    refused(404, "customer_not_found", "no such customer", async () =>
      call("POST", "/api/admin/v1/servers/import", asOperator(), { host: (await reportedHost([])).name, owner: `${unique("nobody")}@example.test` }),
    ),
    refused(409, "host_not_reported", "a host no agent has reported from", async () => call("POST", "/api/admin/v1/servers/import", asOperator(), { host: (await createHost()).name, owner: fx().owner.email })),
    ...transport("admin", "POST", async () => call("POST", "/api/admin/v1/servers/import", asOperator(), { host: (await reportedHost([])).name, owner: fx().owner.email })),
  ],
  adminMoveServer: [
    ok(200, "to another customer", async () => call("POST", `/api/admin/v1/servers/${(await kvm()).id}/move`, asOperator(), { owner: (await createUser()).email })),
    refused(400, "invalid_input", "no owner", async () => call("POST", `/api/admin/v1/servers/${(await kvm()).id}/move`, asOperator(), {})),
    refused(404, "server_not_found", "no such server", async () => call("POST", `/api/admin/v1/servers/${randomUUID()}/move`, asOperator(), { owner: fx().owner.email })),
    refused(404, "customer_not_found", "an operator, who is no customer", async () => call("POST", `/api/admin/v1/servers/${(await kvm()).id}/move`, asOperator(), { owner: fx().operator.email })),
    ...transport("admin", "POST", async () => call("POST", `/api/admin/v1/servers/${(await kvm()).id}/move`, asOperator(), { owner: fx().owner.email })),
  ],
  listApiTokens: [
    ok(200, "the owner's tokens, to one of them", async () => call("GET", "/api/v1/tokens", owner())),
    ok(200, "the owner's tokens, to the owner's browser", async () => call("GET", "/api/v1/tokens", await ownerSession())),
    refused(400, "invalid_input", "an unknown query parameter", async () => call("GET", "/api/v1/tokens?all=1", owner())),
    // By a browser: a token's own use changes its lastUsedAt, and with it the list's ETag.
    ...transport("customer", "GET", async () => call("GET", "/api/v1/tokens", await ownerSession())),
  ],
  createApiToken: [
    ok(201, "a read-only token, by the owner's browser", async () => call("POST", "/api/v1/tokens", await ownerSession(sameSite()), { name: "walk", scope: "read" })),
    ok(201, "a token that expires in a month", async () =>
      call("POST", "/api/v1/tokens", await ownerSession(sameSite()), { name: "walk", scope: "read_write", expiresAt: new Date(Date.now() + 30 * 24 * 3_600_000).toISOString() }),
    ),
    refused(400, "invalid_input", "an expiry in the past", async () =>
      call("POST", "/api/v1/tokens", await ownerSession(sameSite()), { name: "walk", scope: "read", expiresAt: "2020-01-01T00:00:00Z" }),
    ),
    refused(403, "forbidden", "the owner's read-and-write API token", async () => call("POST", "/api/v1/tokens", owner(), { name: "walk", scope: "read" })),
    refused(403, "forbidden", "an operator's browser session", async () =>
      call("POST", "/api/v1/tokens", { cookie: await sessionCookieFor(fx().operator), ...sameSite() }, { name: "walk", scope: "read" }),
    ),
    ...transport("customer", "POST", async () => call("POST", "/api/v1/tokens", await ownerSession(sameSite()), { name: "walk", scope: "read" })),
  ],
  revokeApiToken: [
    ok(200, "one of the owner's tokens, by the owner's browser", async () => call("DELETE", tokenPath(await ownerTokenId()), await ownerSession(sameSite()))),
    refused(400, "invalid_input", "a body it does not take", async () => call("DELETE", tokenPath(await ownerTokenId()), await ownerSession(sameSite()), { everywhere: true })),
    refused(403, "forbidden", "the owner's read-and-write API token", async () => call("DELETE", tokenPath(await ownerTokenId()), owner())),
    refused(404, "token_not_found", "no such token", async () => call("DELETE", tokenPath(randomUUID()), await ownerSession(sameSite()))),
    refused(404, "token_not_found", "an id that is not one", async () => call("DELETE", tokenPath("not-an-id"), await ownerSession(sameSite()))),
    refused(404, "token_not_found", "another customer's token", async () =>
      call("DELETE", tokenPath((await createApiToken({ userId: (await createUser()).id, name: "walk" })).id), await ownerSession(sameSite())),
    ),
    refused(404, "token_not_found", "a token revoked already", async () => {
      const id = await ownerTokenId();
      await step(call("DELETE", tokenPath(id), await ownerSession(sameSite())), 200);
      return call("DELETE", tokenPath(id), await ownerSession(sameSite()));
    }),
    ...transport("customer", "DELETE", async () => call("DELETE", tokenPath(await ownerTokenId()), await ownerSession(sameSite()))),
  ],
  getActivity: [
    ok(200, "a server's newest event, with a cursor to the next", async () => {
      const server = await kvm();
      await step(call("PUT", serverPath(server.id, "/settings/ballooning"), owner(), { enabled: false, restart: "later" }), 200);
      await queued(server, "restart");
      return call("GET", serverPath(server.id, "/activity?limit=1"), owner());
    }),
    ok(200, "the page after, by that cursor", async () => {
      const server = await kvm();
      await step(call("PUT", serverPath(server.id, "/settings/ballooning"), owner(), { enabled: false, restart: "later" }), 200);
      await queued(server, "restart");
      const { nextCursor } = z.object({ nextCursor: z.string() }).parse(await step(call("GET", serverPath(server.id, "/activity?limit=1"), owner()), 200));
      return call("GET", serverPath(server.id, `/activity?limit=1&cursor=${encodeURIComponent(nextCursor)}`), owner());
    }),
    ok(200, "a server with nothing yet", async () => call("GET", serverPath((await lxc()).id, "/activity"), owner())),
    refused(400, "invalid_input", "a cursor the API never answered", async () => call("GET", serverPath((await kvm()).id, "/activity?cursor=page-2"), owner())),
    refused(400, "invalid_input", "a limit over 100", async () => call("GET", serverPath((await kvm()).id, "/activity?limit=500"), owner())),
    refused(404, "server_not_found", "another customer's server", async () => call("GET", serverPath((await kvm()).id, "/activity"), bearer(fx().strangerToken))),
    ...transport("customer", "GET", async () => call("GET", serverPath((await kvm()).id, "/activity"), owner())),
  ],
};

const NEW_PASSWORD = "a much longer passphrase";
const sessionPath = (id: string) => `/api/v1/sessions/${id}`;

/** The user's browser, signed in, on the dashboard's own site: for the account's password. */
async function browserOf(user: Parameters<typeof sessionCookieFor>[0]): Promise<Headers> {
  return { cookie: await sessionCookieFor(user), ...sameSite() };
}

/** A new customer's browser, signed in: for sign-out cases, which end every session of theirs. */
async function freshSession(): Promise<Headers> {
  return { cookie: await sessionCookieFor(await createUser()), ...sameSite() };
}

const isOperationId = (id: string): id is OperationId => Object.hasOwn(RECIPES, id);

// ---------------------------------------------------------------------------------------------
// The walk.

type Walked = { key: ResponseKey; what: string; problems: string[] };
const results: Walked[] = [];

/** Sends a recipe's request; what is wrong with the answer, by the document. */
async function walk(operation: Operation, recipe: Recipe): Promise<string[]> {
  const request = await recipe.request();
  const answer = await send(request);
  const problems: string[] = [];
  if (answer.status !== recipe.status) problems.push(`answered ${answer.status}, not ${recipe.status}: ${answer.text.slice(0, 300)}`);
  const documented = operation.responses.get(answer.status);
  if (!documented) problems.push(`answered ${answer.status}, which the document does not list for ${operation.operationId}`);
  if (recipe.status === 304) {
    if (answer.text !== "") problems.push(`answered 304 with a body: ${answer.text.slice(0, 200)}`);
    if (!answer.etag) problems.push("answered 304 without the ETag it stands for");
    return problems;
  }
  if (!/^application\/json\b/.test(answer.contentType)) problems.push(`answered ${answer.contentType || "no content type"}, not JSON`);
  const body = parseJson(answer.text);
  if (body === undefined) return [...problems, `answered a body that is not JSON: ${answer.text.slice(0, 200)}`];
  if (answer.status >= 400) {
    const parsed = errorBodySchema.safeParse(body);
    const code = parsed.success ? parsed.data.error.code : undefined;
    if (code !== recipe.code) problems.push(`answered the code ${code ?? "(none)"}, not ${recipe.code ?? "(none)"}`);
  }
  if (documented) {
    const invalid = doc().validate(operation, answer.status, body);
    if (invalid) problems.push(`answered a body its schema in the document refuses: ${invalid}`);
  }
  return problems;
}

describe("the OpenAPI document, walked against the running app", () => {
  it("names why for each code it does not provoke, and the tests that do provoke it, each a code the document lists", () => {
    const documented = new Set<string>(doc().operations.flatMap((operation) => [...operation.responses.values()].flatMap(({ codes }) => codes ?? [])));
    for (const [code, exemption] of Object.entries(NOT_PROVOKED)) {
      expect(documented.has(code), `${code} is exempted but listed nowhere`).toBe(true);
      expect(exemption.reason).toMatch(/\S/);
      for (const file of exemption.testedIn) {
        expect(existsSync(file), `${file}, named for ${code}, is missing`).toBe(true);
        expect(readFileSync(file, "utf8"), `${file} is named for ${code} but never mentions it`).toContain(`"${code}"`);
      }
    }
  });

  it("has a recipe for every response the document lists, and none for a response it does not", () => {
    const exempt = new Set<string>(Object.keys(NOT_PROVOKED));
    const documented = new Set(documentedKeys(doc().operations).filter((key) => !exempt.has(key.split(" ")[2] ?? "")));
    const cooked = new Set(Object.entries(RECIPES).flatMap(([operationId, recipes]) => recipes.map((recipe) => keyOf(operationId, recipe.status, recipe.code))));
    expect([...documented].filter((key) => !cooked.has(key)).sort(), "documented, but no recipe provokes it").toEqual([]);
    expect([...cooked].filter((key) => !documented.has(key)).sort(), "a recipe provokes it, but the document does not list it").toEqual([]);
    expect(doc().operations.map((operation) => operation.operationId).filter((id) => !isOperationId(id)), "operations without recipes").toEqual([]);
  });

  for (const [operationId, recipes] of Object.entries(RECIPES)) {
    it(`${operationId}: ${recipes.map((recipe) => recipe.code ?? recipe.status).join(", ")}`, async () => {
      const operation = doc().operations.find((candidate) => candidate.operationId === operationId);
      if (!operation) throw new Error(`the document has no operation ${operationId}`);
      const problems: string[] = [];
      for (const recipe of recipes) {
        const found = await walk(operation, recipe);
        results.push({ key: keyOf(operationId, recipe.status, recipe.code), what: recipe.what, problems: found });
        problems.push(...found.map((problem) => `${recipe.status} ${recipe.code ?? ""} (${recipe.what}): ${problem}`));
      }
      expect(problems).toEqual([]);
    });
  }

  it("has every route file in the document, and a route file for every documented path", () => {
    for (const file of Object.keys(UNDOCUMENTED_ROUTE_FILES)) expect(existsSync(file), `${file} is exempted but does not exist`).toBe(true);
    const files = routeFiles("app").filter((file) => !Object.hasOwn(UNDOCUMENTED_ROUTE_FILES, file));
    const documented = Object.keys(doc().document.paths);
    const served = files.map(urlPathOf);
    expect(files.filter((file) => !documented.includes(urlPathOf(file))), "route files the document does not list").toEqual([]);
    expect(documented.filter((documentedPath) => !served.includes(documentedPath)), "documented paths without a route file").toEqual([]);
  });

  it("answers each documented path's methods, and every other with 405 and an Allow header naming exactly those", async () => {
    const byPath = groupBy(doc().operations, (operation) => operation.path);
    const problems: string[] = [];
    for (const [documentedPath, operations] of byPath) {
      const target = documentedPath.replaceAll(/\{\w+\}/g, () => randomUUID());
      const allowed = operations.map((operation) => operation.method).sort();
      for (const method of METHODS) {
        const answer = await send({ method, path: target });
        const operation = operations.find((candidate) => candidate.method === method);
        if (operation) {
          if (answer.status === 405 || !operation.responses.has(answer.status)) problems.push(`${method} ${documentedPath}: answered ${answer.status}, which it does not document`);
          continue;
        }
        const body = errorBodySchema.safeParse(parseJson(answer.text));
        const allow = (answer.allow ?? "").split(",").map((name) => name.trim()).sort();
        if (answer.status !== 405 || !body.success || body.data.error.code !== "method_not_allowed" || allow.join() !== allowed.join()) {
          problems.push(`${method} ${documentedPath}: answered ${answer.status} with Allow ${JSON.stringify(answer.allow)}: ${answer.text.slice(0, 200)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

/** Every route.ts under `dir`, relative to the project. */
function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(file);
    return entry.name === "route.ts" ? [file] : [];
  });
}

/** `app/api/v1/servers/[id]/route.ts` → `/api/v1/servers/{id}`; a route group `(name)` is no part of the URL. */
function urlPathOf(file: string): string {
  const segments = path.posix.dirname(file).split("/").slice(1);
  return `/${segments.filter((segment) => !/^\(.*\)$/.test(segment)).map((segment) => segment.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function printCoverage(): void {
  if (results.length === 0) return;
  const byOperation = groupBy(results, (result) => result.key.split(" ")[0] ?? "");
  const width = Math.max(...[...byOperation.keys()].map((id) => id.length));
  const lines = [...byOperation].map(([operationId, rows]) => {
    const cells = new Map<string, boolean>();
    for (const row of rows) {
      const cell = row.key.split(" ").slice(1).join(" ");
      cells.set(cell, (cells.get(cell) ?? true) && row.problems.length === 0);
    }
    return `${operationId.padEnd(width)}  ${[...cells].map(([cell, fine]) => `${cell} ${fine ? "ok" : "FAIL"}`).join(" · ")}`;
  });
  const responses = new Set(results.map((result) => result.key)).size;
  const exempt = Object.keys(NOT_PROVOKED).join(", ");
  console.log(
    `OpenAPI walk: ${byOperation.size} operations, ${responses} documented responses by ${results.length} requests (not provoked: ${exempt})\n${lines.join("\n")}`,
  );
}
