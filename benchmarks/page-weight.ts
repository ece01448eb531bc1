// `npm run bench:page-weight`: what each page costs to load, measured in Chromium on a running
// dashboard (BASE_URL, default http://localhost:3000) as the demo customer. Each page is opened
// fresh (no cache) and every script and stylesheet it loads is counted, as sent over the wire
// (compressed) and as the browser unpacks it. The overview also lists the scripts only it loads,
// which are the memory chart's (uPlot is fetched only once a chart is on screen).
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../tests/support/browser.ts";
import { DEMO_LOGIN } from "../prisma/seed.ts";

const baseUrl = process.env.BASE_URL ?? "http://localhost:3000";
type Asset = { url: string; kind: "script" | "stylesheet"; wireBytes: number; bytes: number };

async function signedInPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Email").fill(DEMO_LOGIN.email);
  await page.getByLabel("Password").fill(DEMO_LOGIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}/servers`);
  return page;
}

/** Every script and stylesheet a fresh load of `path` fetches, once `ready` holds. */
async function assetsOf(browser: Browser, path: string, ready: (page: Page) => Promise<void>): Promise<Asset[]> {
  const page = await signedInPage(browser);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const assets: Asset[] = [];
  const pending: Promise<void>[] = [];
  page.on("response", (response) => {
    const kind = response.request().resourceType();
    if (kind !== "script" && kind !== "stylesheet") return;
    pending.push(
      (async () => {
        const [sizes, body] = await Promise.all([response.request().sizes(), response.body()]);
        assets.push({ url: new URL(response.url()).pathname, kind, wireBytes: sizes.responseBodySize, bytes: body.length });
      })(),
    );
  });
  await page.goto(`${baseUrl}${path}`, { waitUntil: "networkidle" });
  await ready(page);
  await page.waitForLoadState("networkidle");
  await Promise.all(pending);
  await page.context().close();
  return assets;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const total = (assets: Asset[], kind: Asset["kind"], key: "wireBytes" | "bytes") =>
  assets.filter((asset) => asset.kind === kind).reduce((sum, asset) => sum + asset[key], 0);

const browser = await launchChromium();
try {
  const setup = await signedInPage(browser);
  const href = await setup.getByRole("table").getByRole("link", { name: "web-frontend-01" }).getAttribute("href");
  await setup.context().close();
  if (!href) throw new Error("web-frontend-01 is not in the demo customer's list");

  const chartDrawn = async (page: Page) => {
    await page.locator("canvas").first().waitFor();
  };
  const pages: [string, string, (page: Page) => Promise<void>][] = [
    ["servers list", "/servers", async () => {}],
    ["overview (chart drawn)", href, chartDrawn],
    ["settings", `${href}/settings`, async () => {}],
  ];
  const measured = new Map<string, Asset[]>();
  console.log(`page weight at ${baseUrl} (fresh load, cache disabled)\n`);
  console.log("page                      JS wire     JS unpacked   CSS wire    scripts");
  for (const [label, path, ready] of pages) {
    const assets = await assetsOf(browser, path, ready);
    measured.set(label, assets);
    console.log(
      `${label.padEnd(26)}${kib(total(assets, "script", "wireBytes")).padEnd(12)}${kib(total(assets, "script", "bytes")).padEnd(14)}${kib(total(assets, "stylesheet", "wireBytes")).padEnd(12)}${assets.filter((a) => a.kind === "script").length}`,
    );
  }

  const settingsUrls = new Set((measured.get("settings") ?? []).map((asset) => asset.url));
  const chartOnly = (measured.get("overview (chart drawn)") ?? []).filter((asset) => !settingsUrls.has(asset.url));
  console.log("\nloaded by the overview and not by settings (the chart and the overview's own code):");
  for (const asset of chartOnly) console.log(`  ${asset.url}  ${kib(asset.wireBytes)} wire, ${kib(asset.bytes)} unpacked`);
} finally {
  await browser.close();
}
