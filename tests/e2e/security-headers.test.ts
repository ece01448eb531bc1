import { beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { createUser } from "../support/factories.ts";
import { MiB } from "../support/streams.ts";
import { upload } from "../support/upload.ts";

// The running dashboard's security headers, on pages and API answers alike: a nonce-based
// Content-Security-Policy (a fresh nonce for every page, on each of its script tags), nosniff, a
// Referrer-Policy, a Permissions-Policy, no framing, and Strict-Transport-Security only over HTTPS.

const dashboard = dashboardForAgentTests("security-headers");
const NONCE = /'nonce-([A-Za-z0-9+/=]+)'/;
let apiToken: string;

beforeAll(async () => {
  apiToken = (await createApiToken({ userId: (await createUser()).id, name: "headers" })).token;
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${dashboard.app.baseUrl}${path}`, { headers, redirect: "manual" });

/** Every kind of answer the dashboard gives, with its expected status. */
const ANSWERS: [string, string, number, () => Record<string, string>][] = [
  ["the sign-in page", "/login", 200, () => ({})],
  ["the public API reference", "/docs/api", 200, () => ({})],
  ["a page that sends a visitor to sign in", "/servers", 307, () => ({})],
  ["a page that does not exist", "/no-such-page", 404, () => ({})],
  ["an API answer", "/api/v1/servers", 200, () => ({ authorization: `Bearer ${apiToken}` })],
  ["an API error", "/api/v1/servers", 401, () => ({})],
  ["an API endpoint that does not exist", "/api/v1/no-such-endpoint", 404, () => ({})],
  ["next-auth's answer", "/api/auth/csrf", 200, () => ({})],
];

function expectEverywhereHeaders(headers: Headers): void {
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toBe("no-referrer");
  expect(headers.get("x-frame-options")).toBe("DENY");
  const permissions = headers.get("permissions-policy") ?? "";
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(permissions).toContain(`${feature}=()`);
}

describe.each(ANSWERS)("%s", (_name, path, status, headers) => {
  it("carries the security headers and a policy that forbids framing, plugins and foreign base URLs", async () => {
    const response = await get(path, headers());
    expect(response.status).toBe(status);
    expectEverywhereHeaders(response.headers);
    const policy = response.headers.get("content-security-policy") ?? "";
    for (const directive of ["frame-ancestors 'none'", "base-uri"]) expect(policy).toContain(directive);
    expect(policy).toMatch(/object-src 'none'|default-src 'none'/);
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("adds Strict-Transport-Security when a proxy says it was served over HTTPS", async () => {
    const response = await get(path, { ...headers(), "x-forwarded-proto": "https" });
    expect(response.status).toBe(status);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});

describe("a page's Content-Security-Policy", () => {
  it("allows scripts only by a nonce that is new for every request and is on each of the page's script tags", async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await get("/login");
      const nonce = response.headers.get("content-security-policy")?.match(NONCE)?.[1];
      if (!nonce) throw new Error("no nonce in the page's policy");
      nonces.push(nonce);
      const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(` nonce="${nonce}"`);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("is exactly the documented one, upgrading insecure requests only over HTTPS", async () => {
    const policyOf = async (headers: Record<string, string> = {}) => (await get("/login", headers)).headers.get("content-security-policy")?.replaceAll(/'nonce-[^']+'/g, "'nonce-N'");
    const policy = [
      "default-src 'self'",
      "script-src 'self' 'nonce-N' 'strict-dynamic'",
      "style-src 'self'",
      "style-src-attr 'unsafe-inline'",
      "img-src 'self'",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; ");
    expect(await policyOf()).toBe(policy);
    expect(await policyOf({ "x-forwarded-proto": "https" })).toBe(`${policy}; upgrade-insecure-requests`);
  });
});

describe("answers outside the pages and the API", () => {
  it("serves the app's scripts with nosniff", async () => {
    const html = await (await get("/login")).text();
    const script = html.match(/<script\b[^>]*\bsrc="([^"]+)"/)?.[1];
    if (!script) throw new Error("the sign-in page loads no script");
    const response = await get(script);
    expect(response.status).toBe(200);
    expectEverywhereHeaders(response.headers);
  });

  it("keeps a page that was POSTed a body from being framed, and does not read the body", async () => {
    const answer = await upload(`${dashboard.app.baseUrl}/login`, { total: 50 * MiB, declareLength: false });
    expect(answer.ms).toBeLessThan(10_000);
    // Answered long before the body was all sent. What the client got into the socket before the answer
    // came depends on the kernel's buffers and on how busy the machine is (15 MiB seen on a loaded one),
    // so the bound is half the body: a server that read it whole would have taken all 50 MiB.
    expect(answer.sentBeforeAnswer).toBeLessThan(25 * MiB);
    expect(answer.headers["x-frame-options"]).toBe("DENY");
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  });
});
