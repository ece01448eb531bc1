import { chmod, mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { signInOverHttp } from "../support/http-session.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The whole product as a customer meets it: `npm start`'s launcher on a fresh database, and a real
// Chromium signing in. Servers come from the demo seed (prisma/seed.ts), which a database at
// DATABASE_URL gets with --demo and the embedded one gets by itself.

const skipReason = browserSkipReason();
// Pages render on a machine that may be busy (CI runs everything at once): wait as a person would.
const POLL = { timeout: 15_000 };
const adminUrl = inject("adminDatabaseUrl");
const DEMO_SERVERS = ["ci-runner", "legacy-mail", "postgres-primary", "web-frontend-01"];
const OTHER_CUSTOMERS_SERVERS = ["shop-app", "redis-cache"];

describe.skipIf(skipReason)(`the dashboard in Chromium, on the PostgreSQL at DATABASE_URL${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let database: ScratchDatabase;
  let app: RunningDashboard;
  let browser: CheckedBrowser;
  let page: Page;

  beforeAll(async () => {
    database = await createScratchDatabase(adminUrl, "e2e");
    // Seeded readings only: a live agent's first report (guests still booting) would race the assertions.
    app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "e2e-test-secret", DASHBOARD_BUILTIN_AGENTS: "0" }, { args: ["--demo"] });
    browser = await launchCheckedChromium();
    page = await browser.newPage({ baseURL: app.baseUrl });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it("sends a visitor who is not signed in to the sign-in page", async () => {
    await page.goto("/servers");
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe("/login");
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/servers");
  });

  it("refuses a wrong password with one clear message", async () => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(DEMO_LOGIN.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByText("That email and password do not match an account.").isVisible(), POLL).toBe(true);
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("signs the demo customer in and lists their servers, and no one else's", async () => {
    await page.getByLabel("Password").fill(DEMO_LOGIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/servers");
    const names = await page.getByRole("table").getByRole("link").allInnerTexts();
    expect(names.sort()).toEqual(DEMO_SERVERS);
    const body = await page.locator("main").innerText();
    for (const foreign of OTHER_CUSTOMERS_SERVERS) expect(body).not.toContain(foreign);
  });

  it("opens a server's overview with its plan and latest memory reading", async () => {
    await page.getByRole("table").getByRole("link", { name: "web-frontend-01" }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText(), POLL).toBe("web-frontend-01");
    const memory = page.locator("section", { has: page.getByRole("heading", { name: "Memory", exact: true }) });
    expect(await memory.innerText()).toMatch(/Guest figures · updated/);
    expect(await memory.getByText("Plan size").locator("..").innerText()).toContain("4 GiB");
    expect(await page.getByRole("meter", { name: "Memory in use" }).getAttribute("aria-valuetext")).toMatch(/of 4 GiB used by the guest/);
  });

  it("labels a server without ballooning as the host's view, with guest figures not reported", async () => {
    await page.goto("/servers");
    await page.getByRole("table").getByRole("link", { name: "postgres-primary" }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    const memory = page.locator("section", { has: page.getByRole("heading", { name: "Memory", exact: true }) });
    await expect.poll(() => memory.innerText(), POLL).toMatch(/Host view · updated/);
    expect(await memory.getByText("Used by the guest").locator("..").innerText()).toContain("Not reported");
  });

  it("answers the customer API with the session cookie, and 401 without it", async () => {
    const withSession = await page.evaluate(async () => {
      const response = await fetch("/api/v1/servers");
      return { status: response.status, body: (await response.json()) as { servers: { name: string }[] } };
    });
    expect(withSession.status).toBe(200);
    expect(withSession.body.servers.map((server) => server.name).sort()).toEqual(DEMO_SERVERS);

    const anonymous = await fetch(`${app.baseUrl}/api/v1/servers`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("shows the not-found page for another customer's server", async () => {
    const otherSession = await signInOverHttp(app.baseUrl, "sam@example.net", "second-customer");
    expect(otherSession).not.toBeNull();
    const response = await fetch(`${app.baseUrl}/api/v1/servers`, { headers: { cookie: otherSession ?? "" } });
    const { servers } = (await response.json()) as { servers: { id: string; name: string }[] };
    expect(servers.map((server) => server.name).sort()).toEqual([...OTHER_CUSTOMERS_SERVERS].sort());

    const visit = await page.goto(`/servers/${servers[0]?.id}`);
    expect(visit?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Not found");
  });

  it("signs out, after which the servers page asks for sign-in again", async () => {
    await page.goto("/servers");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL("**/login");
    await page.goto("/servers");
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe("/login");
  });
});

describe("the dashboard on its embedded PostgreSQL", () => {
  let dataDir: string;

  beforeAll(async () => {
    // PostgreSQL runs as a `postgres` system user when the tests run as root: it must reach the folder.
    dataDir = await mkdtemp(path.join(os.tmpdir(), "dashboard-embedded-"));
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps its data, its session secret and its seed across a stop and a start", { timeout: 180_000 }, async () => {
    const first = await startDashboard({ DASHBOARD_DATA_DIR: dataDir });
    let session: string | null;
    let serversBefore: unknown;
    try {
      expect(first.output()).toContain("embedded PostgreSQL");
      expect(first.output()).toContain(`sign in as ${DEMO_LOGIN.email}`);
      session = await signInOverHttp(first.baseUrl, DEMO_LOGIN.email, DEMO_LOGIN.password);
      expect(session).not.toBeNull();
      serversBefore = await (await fetch(`${first.baseUrl}/api/v1/servers`, { headers: { cookie: session ?? "" } })).json();
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // A clean stop shuts PostgreSQL down too.
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);

    const second = await startDashboard({ DASHBOARD_DATA_DIR: dataDir });
    try {
      expect(second.output()).toContain("database schema is up to date");
      expect(second.output()).not.toContain("seeded demo data");
      // The session from before the restart is still valid: the generated secret was kept.
      const response = await fetch(`${second.baseUrl}/api/v1/servers`, { headers: { cookie: session ?? "" } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(serversBefore);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
