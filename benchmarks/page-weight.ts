// `npm run bench:page-weight`: each page's first-load JavaScript against a blank Next.js page.
// The reference is built here: a minimal Next.js app with one client component, on this project's
// own Next and React (page-weight/blank-next-app.ts). Every page, the reference included, is opened
// fresh in Chromium with the cache disabled and weighed the same way (page-weight/measure-page.ts):
// the gzipped scripts its HTML names (first load; also shown without the nomodule polyfills, which
// current browsers skip), and separately what it fetches later (dynamic imports, such as the memory
// chart's uPlot). The target: every page's first load within 1.1x of the reference's.
//
// Runs against BASE_URL when given; otherwise starts the dashboard itself, as `npm start -- --demo`
// does, on a scratch database on 127.0.0.1:5432 (TEST_DATABASE_ADMIN_URL), and drops it after.
// Prints a table, then one JSON line for `npm run bench` to collect.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DEMO_LOGIN } from "../prisma/seed.ts";
import { launchChromium } from "../tests/support/browser.ts";
import { ADMIN_DATABASE_URL, createScratchDatabase } from "../tests/support/databases.ts";
import { startDashboard } from "../tests/support/dashboard-process.ts";
import { startBlankApp } from "./page-weight/blank-next-app.ts";
import { measurePage, type PageWeight } from "./page-weight/measure-page.ts";

const TARGET_RATIO = 1.1;
const projectRoot = process.cwd();
const cleanups: (() => Promise<unknown>)[] = [];

type Measured = { label: string; path: string; weight: PageWeight };

async function dashboardUrl(): Promise<string> {
  if (process.env.BASE_URL) return process.env.BASE_URL.replace(/\/$/, "");
  const database = await createScratchDatabase(ADMIN_DATABASE_URL, "page_weight");
  cleanups.push(() => database.drop());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "bench-page-weight-"));
  await chmod(dataDir, 0o755);
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "bench-page-weight", DASHBOARD_DATA_DIR: dataDir }, { args: ["--demo"] });
  cleanups.unshift(() => app.stop());
  return app.baseUrl;
}

async function signedIn(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(DEMO_LOGIN.email);
  await page.getByLabel("Password").fill(DEMO_LOGIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}/servers`);
  await page.close();
  return context;
}

const nothingMore = async () => {};
const chartDrawn = async (page: Page) => {
  await page.locator("canvas").first().waitFor();
};

const kib = (bytes: number) => (bytes / 1024).toFixed(1);

try {
  // The two builds share the machine; the dashboard's is usually done already.
  const [blank, baseUrl] = await Promise.all([startBlankApp(projectRoot), dashboardUrl()]);
  cleanups.unshift(() => blank.stop());
  const browser = await launchChromium();
  cleanups.unshift(() => browser.close());

  const anonymous = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const reference = await measurePage(anonymous, blank.baseUrl, "/", async (page) => {
    await page.getByRole("button", { name: /Clicked/ }).waitFor();
  });

  const customer = await signedIn(browser, baseUrl);
  const probe = await customer.newPage();
  await probe.goto(`${baseUrl}/servers`);
  const overview = await probe.getByRole("table").getByRole("link", { name: "web-frontend-01" }).getAttribute("href");
  await probe.close();
  if (!overview) throw new Error("web-frontend-01 is not in the demo customer's list");

  const pages: [string, string, BrowserContext, (page: Page) => Promise<void>][] = [
    ["sign-in", "/login", anonymous, nothingMore],
    ["servers list", "/servers", customer, nothingMore],
    ["overview (chart drawn)", overview, customer, chartDrawn],
    ["settings", `${overview}/settings`, customer, nothingMore],
    ["API reference", "/docs/api", anonymous, nothingMore],
    ["activity", `${overview}/activity`, customer, nothingMore],
    ["account", "/account", customer, nothingMore],
    ["API tokens", "/account/tokens", customer, nothingMore],
  ];
  const measured: Measured[] = [];
  for (const [label, pagePath, context, ready] of pages) {
    measured.push({ label, path: pagePath, weight: await measurePage(context, baseUrl, pagePath, ready) });
  }

  const limit = reference.firstLoadGzip * TARGET_RATIO;
  const ratio = (weight: PageWeight) => weight.firstLoadGzip / reference.firstLoadGzip;
  const moduleRatio = (weight: PageWeight) => weight.moduleGzip / reference.moduleGzip;
  console.log(`first-load JavaScript, gzipped, fresh load in Chromium (dashboard ${baseUrl})`);
  console.log(
    `blank Next.js page with one client component: ${kib(reference.firstLoadGzip)} KiB (${kib(reference.moduleGzip)} KiB module scripts + ${kib(reference.legacyGzip)} KiB nomodule polyfills); target ${TARGET_RATIO}x = ${kib(limit)} KiB\n`,
  );
  console.log("page                      first load   x blank   modules only  x blank   later      scripts");
  for (const { label, weight } of measured) {
    console.log(
      `${label.padEnd(26)}${`${kib(weight.firstLoadGzip)} KiB`.padEnd(13)}${`${ratio(weight).toFixed(3)}${ratio(weight) <= TARGET_RATIO ? "" : " !"}`.padEnd(10)}${`${kib(weight.moduleGzip)} KiB`.padEnd(14)}${moduleRatio(weight).toFixed(3).padEnd(10)}${`${kib(weight.laterGzip)} KiB`.padEnd(11)}${weight.firstLoadScripts.length} + ${weight.laterScripts.length} later`,
    );
  }
  const extra = measured.find((page) => page.label.startsWith("overview"))?.weight.laterScripts ?? [];
  if (extra.length) console.log(`\nloaded later by the overview: ${extra.join(", ")}`);

  console.log(
    JSON.stringify({
      benchmark: "page-weight",
      unit: "KiB gzip",
      target: TARGET_RATIO,
      blank: Number(kib(reference.firstLoadGzip)),
      blankModules: Number(kib(reference.moduleGzip)),
      pages: measured.map(({ label, path: pagePath, weight }) => ({
        page: label,
        path: pagePath.replace(overview, "/servers/[id]"),
        firstLoad: Number(kib(weight.firstLoadGzip)),
        ratio: Number(ratio(weight).toFixed(3)),
        modules: Number(kib(weight.moduleGzip)),
        modulesRatio: Number(moduleRatio(weight).toFixed(3)),
        later: Number(kib(weight.laterGzip)),
      })),
      withinTarget: measured.every(({ weight }) => weight.firstLoadGzip <= limit),
    }),
  );
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.error(error));
}
