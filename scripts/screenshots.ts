// `npm run screenshots`: signs in as the demo customer on a running dashboard (BASE_URL, default
// http://localhost:3000) and saves a PNG of each page to screenshots/, to look at the design.
import { mkdir } from "node:fs/promises";
import type { Page } from "playwright-core";
import { launchChromium } from "../tests/support/browser.ts";
import { DEMO_LOGIN } from "../prisma/seed.ts";

const baseUrl = process.env.BASE_URL ?? "http://localhost:3000";
const outDir = "screenshots";

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
  console.log(`${outDir}/${name}.png`);
}

/** Waits until the memory chart shows its plot (loaded lazily) or says there is nothing to plot. */
async function memoryChartDrawn(page: Page) {
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Memory over time" }) });
  await card.locator("canvas").or(card.getByText(/No readings/)).first().waitFor();
  await page.waitForTimeout(400);
}

/** The "Memory over time" card alone, once per range, as `chart-<server>-<range>.png`. */
async function shootMemoryChart(page: Page, server: string) {
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Memory over time" }) });
  for (const range of ["1 h", "24 h", "7 d", "30 d"]) {
    await card.getByText(range, { exact: true }).first().click();
    await memoryChartDrawn(page);
    const file = `${outDir}/chart-${server}-${range.replace(" ", "")}.png`;
    await card.screenshot({ path: file });
    console.log(file);
  }
}

await mkdir(outDir, { recursive: true });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await page.goto(`${baseUrl}/login`);
  await shoot(page, "login");
  await page.getByLabel("Email").fill(DEMO_LOGIN.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("do not match an account").waitFor();
  await shoot(page, "login-error");
  await page.getByLabel("Password").fill(DEMO_LOGIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl}/servers`);
  await shoot(page, "servers");

  const links = page.getByRole("table").getByRole("link");
  const targets: { name: string; href: string }[] = [];
  for (let i = 0; i < (await links.count()); i++) {
    targets.push({ name: await links.nth(i).innerText(), href: (await links.nth(i).getAttribute("href")) ?? "" });
  }
  for (const { name, href } of targets) {
    await page.goto(`${baseUrl}${href}`);
    await memoryChartDrawn(page);
    await shoot(page, `server-${name}`);
    await shootMemoryChart(page, name);
    await page.goto(`${baseUrl}${href}/settings`);
    await shoot(page, `settings-${name}`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl}/servers`);
  await shoot(page, "servers-mobile");
  const first = targets[0];
  if (first) {
    await page.goto(`${baseUrl}${first.href}`);
    await memoryChartDrawn(page);
    await shoot(page, `server-${first.name}-mobile`);
  }
  // Each server's activity, at a laptop's width and a phone's.
  for (const [width, height, suffix] of [[1366, 860, ""], [390, 844, "-mobile"]] as const) {
    await page.setViewportSize({ width, height });
    for (const { name, href } of targets) {
      await page.goto(`${baseUrl}${href}/activity`);
      await shoot(page, `activity-${name}${suffix}`);
      const older = page.getByRole("link", { name: /Older events/ });
      if ((await older.count()) > 0) {
        await older.click();
        await page.waitForURL(/\?cursor=/);
        await shoot(page, `activity-${name}-older${suffix}`);
      }
    }
  }
} finally {
  await browser.close();
}
