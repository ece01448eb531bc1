import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { launchCheckedChromium, type CheckedBrowser } from "./checked-browser.ts";
import { startDashboard, type RunningDashboard } from "./dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "./databases.ts";

// The product as `npm start -- --demo` runs it (the demo data, the built-in agent on the simulated host), on
// a database and data folder of the test file's own, with a Chromium page on it. Registers its own
// beforeAll/afterAll; read `app` and `page` inside tests.

export const SCREENSHOTS = path.join("screenshots", "e2e");

/** `browser`: for pages of their own (another language, another width) beside `page`. */
export type BrowserDashboard = { app: RunningDashboard; page: Page; browser: CheckedBrowser; dataDir: string; databaseUrl: string; shot: (name: string) => Promise<void> };

/** `env` adds to the dashboard's environment (ACTION_LEASE_MS, say). */
export function seededDashboardInChromium(label: string, env: Record<string, string> = {}, viewport = { width: 1280, height: 900 }): BrowserDashboard {
  let database: ScratchDatabase | undefined;
  let dataDir: string | undefined;
  let browser: CheckedBrowser | undefined;
  const fixture = {
    shot: async (name: string) => {
      await fixture.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
  } as BrowserDashboard;

  beforeAll(async () => {
    database = await createScratchDatabase(inject("adminDatabaseUrl"), label.replace(/-/g, "_"));
    dataDir = await mkdtemp(path.join(os.tmpdir(), `${label}-`));
    await chmod(dataDir, 0o755);
    fixture.dataDir = dataDir;
    fixture.databaseUrl = database.url;
    await mkdir(SCREENSHOTS, { recursive: true });
    // --demo: a database at DATABASE_URL gets the demo data only when asked.
    fixture.app = await startDashboard({ ...env, DATABASE_URL: database.url, NEXTAUTH_SECRET: `${label}-test`, DASHBOARD_DATA_DIR: dataDir }, { args: ["--demo"] });
    if (env.DASHBOARD_BUILTIN_AGENTS !== "0") await untilNodesReported(database.url);
    browser = await launchCheckedChromium();
    fixture.browser = browser;
    fixture.page = await browser.newPage({ baseURL: fixture.app.baseUrl, viewport });
  });

  afterAll(async () => {
    await browser?.close();
    await fixture.app?.stop();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  return fixture;
}

/**
 * Until every host's agent has reported its node and its domains: a host whose memory is not known guarantees none,
 * so a test that disables ballooning right after the start would race the built-in agent's first report.
 */
export async function untilNodesReported(url: string, timeoutMs = 90_000): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const deadline = Date.now() + timeoutMs; ; ) {
      const { rows } = await client.query<{ waiting: number }>("SELECT count(*)::int AS waiting FROM hosts WHERE memory_kib IS NULL OR domains_reported_at IS NULL");
      if (rows[0]?.waiting === 0) return;
      if (Date.now() > deadline) throw new Error(`${rows[0]?.waiting} hosts' agents did not report their node within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.end();
  }
}

/**
 * Fills the sign-in form by its fields rather than their words, which are the browser's language,
 * and sends it; the caller waits for where it lands.
 */
export async function submitSignInForm(page: Page, { email, password }: { email: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.locator("input[type=email]").fill(email);
  await page.locator("input[type=password]").fill(password);
  await page.locator("form button[type=submit]").click();
}

/** Signs in through the sign-in page, as a person does, and waits for the servers list. */
export async function signIn(page: Page, { email, password }: { email: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/servers");
}
