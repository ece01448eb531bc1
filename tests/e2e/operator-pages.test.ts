import { mkdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_LOGIN, DEMO_OPERATOR_LOGIN as OPERATOR, SIMULATED_HOST } from "@/prisma/seed.ts";
import { seriousAccessibilityViolations } from "../support/axe.ts";
import { SCREENSHOTS, untilNodesReported } from "../support/browser-dashboard.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The operator's side in Chromium, on the demo data with its built-in agent reporting: the hosts,
// every customer's servers, and a failed action with the host's own message. A customer who tries
// the same addresses gets the 404 any missing page gives.

const skipReason = browserSkipReason();
const OPERATOR_PAGES = ["/operator", "/operator/servers", "/operator/actions", "/operator/account"];
const LIBVIRT_MESSAGE = "error: Failed to start domain 'vps-1002'\nerror: Cannot access storage file '/var/lib/libvirt/images/vps-1002.qcow2': No such file or directory";

async function signIn(page: Page, { email, password }: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function sql(url: string, text: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(skipReason)(`the operator pages in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let database: ScratchDatabase;
  let app: RunningDashboard;
  let browser: CheckedBrowser;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    database = await createScratchDatabase(inject("adminDatabaseUrl"), "operator_pages");
    app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "operator-pages-test" }, { args: ["--demo"] });
    // A change the host has not applied yet, and an action that failed on the host.
    await sql(database.url, "UPDATE servers SET ballooning_enabled = false WHERE name = 'ci-runner'");
    await sql(
      database.url,
      `INSERT INTO actions (id, server_id, host_id, command, status, progress, error_code, error_message, error_detail, attempts, created_at, started_at, finished_at)
       SELECT gen_random_uuid(), id, host_id, 'apply_settings', 'error', 60, 'rolled_back', $1, $2, 1, now() - interval '5 minutes', now() - interval '5 minutes', now() - interval '4 minutes'
       FROM servers WHERE name = 'postgres-primary'`,
      ["The server could not be started again. The change was undone: your server is running with its previous settings.", LIBVIRT_MESSAGE],
    );
    // The pages show the agent's last report: wait for the built-in agent's first one.
    await untilNodesReported(database.url);
    browser = await launchCheckedChromium();
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it("gives a customer the same 404 as a missing page, on every operator page", async () => {
    const page = await browser.newPage({ baseURL: app.baseUrl });
    await signIn(page, DEMO_LOGIN);
    await page.waitForURL("**/servers");
    for (const address of [...OPERATOR_PAGES, "/no-such-page"]) {
      const response = await page.goto(address);
      expect(response?.status(), address).toBe(404);
      expect(await page.getByRole("heading", { level: 1 }).innerText(), address).toBe("Not found");
    }
    expect(await page.locator("body").innerText()).not.toContain(SIMULATED_HOST.name);
  });

  it("records a customer's request for guaranteed memory that the host has no room for", async () => {
    await sql(database.url, "UPDATE hosts SET memory_headroom_mib = 65536");
    const page = await browser.newPage({ baseURL: app.baseUrl });
    await signIn(page, DEMO_LOGIN);
    await page.waitForURL("**/servers");
    await page.getByRole("table").getByRole("link", { name: "web-frontend-01" }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    const status = await page.evaluate(async () => {
      const response = await fetch(`${location.pathname.replace("/servers/", "/api/v1/servers/")}/settings/ballooning`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ enabled: false, restart: "later" }),
      });
      return response.status;
    });
    expect(status).toBe(409);
    await sql(database.url, "UPDATE hosts SET memory_headroom_mib = NULL");
  });

  it("sends an operator to the hosts, with the agent's last report", async () => {
    const page = await browser.newPage({ baseURL: app.baseUrl, viewport: { width: 1366, height: 900 } });
    await signIn(page, OPERATOR);
    await page.waitForURL("**/operator");
    const row = page.getByRole("row", { name: new RegExp(SIMULATED_HOST.name) });
    expect(await row.innerText()).toMatch(/Reporting/);
    const cells = await row.getByRole("cell").allInnerTexts();
    expect(cells[1]).toMatch(/s ago · v\d+\.\d+\.\d+/);
    // The simulated host: the demo's six servers, all its domains; 64 GiB and 32 CPUs; every plan
    // together sells 64 GiB; postgres-primary, redis-cache and ci-runner (set off above) reserve 26 GiB
    // of the 62 GiB the default 2 GiB headroom leaves.
    expect(cells.slice(2, 6).map((cell) => cell.replace(/\s+/g, " "))).toEqual(["6 / 6", "64 GiB 32 CPUs", "64 GiB 1.00× physical", "26 GiB of 62 GiB"]);
    expect(cells[6]).toMatch(/^\d+(\.\d)? (GiB|MiB)$/);
    expect(await seriousAccessibilityViolations(page)).toStrictEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "operator-hosts-1366.png"), fullPage: true });
  });

  it("lists every customer's servers with their owner, pending change and latest action", async () => {
    const page = await browser.newPage({ baseURL: app.baseUrl, viewport: { width: 1366, height: 900 } });
    await signIn(page, OPERATOR);
    await page.waitForURL("**/operator");
    await page.getByRole("link", { name: "All servers" }).click();
    await page.waitForURL("**/operator/servers");
    const names = await page.getByRole("row").locator("td:first-child p:first-child").allInnerTexts();
    expect(names.sort()).toEqual(["ci-runner", "legacy-mail", "postgres-primary", "redis-cache", "shop-app", "web-frontend-01"]);
    const ci = page.getByRole("row", { name: /ci-runner/ });
    expect(await ci.innerText()).toMatch(/demo@example\.com[\s\S]*Off · guaranteed[\s\S]*Change pending/);
    expect(await page.getByRole("row", { name: /shop-app/ }).innerText()).toContain("sam@example.net");
    expect(await page.getByRole("row", { name: /postgres-primary/ }).innerText()).toMatch(/error[\s\S]*apply settings[\s\S]*rolled_back/);
    expect(await seriousAccessibilityViolations(page)).toStrictEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "operator-servers-1366.png"), fullPage: true });
  });

  it("shows a failed action with what the customer read and what libvirt said", async () => {
    const page = await browser.newPage({ baseURL: app.baseUrl, viewport: { width: 390, height: 844 } });
    await signIn(page, OPERATOR);
    await page.waitForURL("**/operator");
    await page.screenshot({ path: path.join(SCREENSHOTS, "operator-hosts-390.png"), fullPage: true });
    await page.goto("/operator/actions");
    const failure = page.getByRole("listitem").filter({ hasText: "postgres-primary" });
    const text = await failure.innerText();
    expect(text).toContain("The change was undone");
    expect(text).toContain("Cannot access storage file '/var/lib/libvirt/images/vps-1002.qcow2'");
    expect(text).toMatch(/rolled_back/);
    const refusal = page.getByRole("region", { name: "Guaranteed memory refused" }).getByRole("row", { name: /web-frontend-01/ });
    expect((await refusal.innerText()).replace(/\s+/g, " ")).toMatch(/demo@example\.com Host full 4 GiB 26 GiB of 0 MiB/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toStrictEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "operator-failures-390.png"), fullPage: true });
    await page.goto("/operator/servers");
    await page.screenshot({ path: path.join(SCREENSHOTS, "operator-servers-390.png"), fullPage: true });
  });
});
