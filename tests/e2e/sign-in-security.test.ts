import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dashboardForAgentTests, startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createUser } from "../support/factories.ts";
import { signInOverHttp, signOutOverHttp } from "../support/http-session.ts";
import { relayTo, type TcpRelay } from "../support/tcp-relay.ts";

// Sign-in and sessions as an attacker on the internet meets them: the real app over HTTP.

const dashboard = dashboardForAgentTests("sign-in-security");

describe("after sign-in", () => {
  it.each(["/%5Cevil.example", "/%09/evil.example", "//evil.example", "https://evil.example/"])(
    "sends a signed-in visitor of /login?callbackUrl=%s to the servers list, not to another site",
    async (callbackUrl) => {
      const user = await createUser();
      const cookie = await signInOverHttp(dashboard.app.baseUrl, user.email, user.password);
      expect(cookie).not.toBeNull();
      const response = await fetch(`${dashboard.app.baseUrl}/login?callbackUrl=${callbackUrl}`, { headers: { cookie: cookie ?? "" }, redirect: "manual" });
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toBe("/servers");
    },
  );
});

describe("behind an HTTPS proxy, without NEXTAUTH_URL", () => {
  it("reads the __Secure- session cookie next-auth set, so the API answers as the pages do", async () => {
    const user = await createUser();
    const viaProxy = { "x-forwarded-proto": "https" };
    const cookie = await signInOverHttp(dashboard.app.baseUrl, user.email, user.password, viaProxy);
    expect(cookie).toMatch(/^__Secure-next-auth\.session-token=/);
    const response = await fetch(`${dashboard.app.baseUrl}/api/v1/servers`, { headers: { ...viaProxy, cookie: cookie ?? "" } });
    expect(response.status).toBe(200);
  });
});

/** A sign-in as the form sends it (JSON answer): its status, the error code in its URL, the cookies it set. */
async function signInAnswer(baseUrl: string, email: string, password: string, { cookies = [] as string[], ip = "" } = {}) {
  const headers: Record<string, string> = ip ? { "x-forwarded-for": ip } : {};
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = [...cookies, ...csrf.headers.getSetCookie().map((value) => value.split(";")[0])].join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const text = await response.text();
  const url = (JSON.parse(text) as { url?: string }).url ?? "";
  return {
    status: response.status,
    text,
    error: new URL(url, baseUrl).searchParams.get("error"),
    retryAfter: response.headers.get("retry-after"),
    setCookies: response.headers.getSetCookie(),
  };
}

// What a sign-in answer must never show: the database's words, its error codes, the code's.
const INTERNALS = /prisma|invocation|22021|postgres|\bSELECT\b|node_modules|\.ts\b|ECONN/i;

describe("a sign-in the server cannot handle", () => {
  it("answers an email with a NUL byte as wrong credentials, revealing nothing internal", async () => {
    const answer = await signInAnswer(dashboard.app.baseUrl, "someone\u0000@example.test", "whatever");
    expect(answer).toMatchObject({ status: 401, error: "invalid_credentials" });
    expect(answer.text).not.toMatch(INTERNALS);
  });
});

describe("a sign-in while the database is down", () => {
  let relay: TcpRelay;
  let app: RunningDashboard;

  beforeAll(async () => {
    relay = await relayTo(inject("databaseUrl"));
    app = await startDashboard({ DATABASE_URL: relay.url, NEXTAUTH_SECRET: "outage-test", DASHBOARD_BUILTIN_AGENTS: "0", DASHBOARD_MEMORY_MAINTENANCE: "0" });
  });

  afterAll(async () => {
    await app?.stop();
    await relay?.close();
  });

  it("answers 503 with Retry-After and a plain code, not 401 with the database's message", async () => {
    const user = await createUser();
    expect(await signInAnswer(app.baseUrl, user.email, "wrong password")).toMatchObject({ status: 401, error: "invalid_credentials" });
    relay.refuse();
    const answer = await signInAnswer(app.baseUrl, user.email, user.password);
    relay.restore();
    expect(answer).toMatchObject({ status: 503, error: "unavailable", retryAfter: expect.stringMatching(/^\d+$/) });
    expect(answer.text).not.toMatch(INTERNALS);
    expect(await signInAnswer(app.baseUrl, user.email, "wrong again")).toMatchObject({ status: 401, error: "invalid_credentials" });
  });
});

describe("signing out", () => {
  const base = () => dashboard.app.baseUrl;
  const api = (cookie: string, init: RequestInit = {}) =>
    fetch(`${base()}/api/v1/servers`, { ...init, headers: { cookie, ...init.headers }, redirect: "manual" });
  const page = (cookie: string, path = "/servers") => fetch(`${base()}${path}`, { headers: { cookie }, redirect: "manual" });

  it("ends the session on the server: a cookie kept from before reads neither the API nor the pages", async () => {
    const user = await createUser();
    const cookie = (await signInOverHttp(base(), user.email, user.password)) ?? "";
    expect((await api(cookie)).status).toBe(200);
    expect((await page(cookie)).status).toBe(200);

    await signOutOverHttp(base(), cookie);

    expect((await api(cookie)).status).toBe(401);
    const servers = await page(cookie);
    expect(servers.status).toBe(307);
    expect(servers.headers.get("location")).toMatch(/^\/login\?callbackUrl=/);
    // The sign-in page shows its form rather than sending the kept cookie back to the servers.
    expect((await page(cookie, "/login")).status).toBe(200);
  });

  it("everywhere ends every session of the account, on every browser", async () => {
    const user = await createUser();
    const [laptop, phone] = [await signInOverHttp(base(), user.email, user.password), await signInOverHttp(base(), user.email, user.password)];
    const sameSite = { origin: base(), host: new URL(base()).host };
    const answer = await fetch(`${base()}/api/v1/sessions`, { method: "DELETE", headers: { ...sameSite, cookie: laptop ?? "" } });
    expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 200, body: { revoked: 2 } });
    for (const cookie of [laptop, phone]) expect((await api(cookie ?? "")).status).toBe(401);
    // Another account's sessions are untouched.
    const other = await createUser();
    const theirs = (await signInOverHttp(base(), other.email, other.password)) ?? "";
    expect((await api(theirs)).status).toBe(200);
  });
});

describe("sign-in limits over HTTP", () => {
  it("keep a stranger who exhausts an account's attempts from locking its owner out of the browser they use", async () => {
    const owner = await createUser();
    const first = await signInAnswer(dashboard.app.baseUrl, owner.email, owner.password, { ip: "203.0.113.10" });
    const knownBrowser = first.setCookies.find((cookie) => cookie.startsWith("dashboard.known-browser="));
    expect(knownBrowser).toMatch(/HttpOnly/i);
    expect(knownBrowser).toMatch(/SameSite=Lax/i);

    for (let i = 0; i < 5; i++) await signInAnswer(dashboard.app.baseUrl, owner.email, `guess-${i}`, { ip: "203.0.113.66" });
    expect(await signInAnswer(dashboard.app.baseUrl, owner.email, owner.password, { ip: "203.0.113.11" })).toMatchObject({ error: "too_many_attempts" });
    const fromTheirBrowser = await signInAnswer(dashboard.app.baseUrl, owner.email, owner.password, { ip: "203.0.113.12", cookies: [knownBrowser?.split(";")[0] ?? ""] });
    expect(fromTheirBrowser).toMatchObject({ status: 200, error: null });
  });
});

describe("the account's password and sessions over HTTP", () => {
  const base = () => dashboard.app.baseUrl;
  const sameSite = () => ({ origin: base(), host: new URL(base()).host });
  const readStatus = async (cookie: string) => (await fetch(`${base()}/api/v1/servers`, { headers: { cookie }, redirect: "manual" })).status;
  const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

  it("lists the browsers signed in, as they signed in, and ends one of them", async () => {
    const user = await createUser();
    const laptop = (await signInOverHttp(base(), user.email, user.password, { "user-agent": FIREFOX_ON_LINUX })) ?? "";
    const phone = (await signInOverHttp(base(), user.email, user.password)) ?? "";

    const listed = await fetch(`${base()}/api/v1/sessions`, { headers: { cookie: laptop } });
    const { sessions } = (await listed.json()) as { sessions: { id: string; current: boolean; device: { browser: string | null; system: string | null } }[] };
    expect(sessions).toHaveLength(2);
    const [current, other] = sessions;
    expect(current).toMatchObject({ current: true, device: { browser: "Firefox", system: "Linux" } });
    expect(other).toMatchObject({ current: false });

    const ended = await fetch(`${base()}/api/v1/sessions/${other?.id}`, { method: "DELETE", headers: { ...sameSite(), cookie: laptop } });
    expect(ended.status).toBe(200);
    expect([await readStatus(laptop), await readStatus(phone)]).toEqual([200, 401]);
  });

  it("changes the password: the new one signs in, the old one no longer does, and the other browsers are signed out", async () => {
    const user = await createUser();
    const [laptop, phone] = [(await signInOverHttp(base(), user.email, user.password)) ?? "", (await signInOverHttp(base(), user.email, user.password)) ?? ""];
    const newPassword = "a much longer passphrase";

    const changed = await fetch(`${base()}/api/v1/account/password`, {
      method: "POST",
      headers: { ...sameSite(), cookie: laptop, "content-type": "application/json" },
      body: JSON.stringify({ currentPassword: user.password, newPassword }),
    });

    expect({ status: changed.status, body: await changed.json() }).toEqual({ status: 200, body: { revoked: 1 } });
    expect([await readStatus(laptop), await readStatus(phone)]).toEqual([200, 401]);
    expect(await signInOverHttp(base(), user.email, user.password)).toBeNull();
    expect(await signInOverHttp(base(), user.email, newPassword)).not.toBeNull();
  });
});
