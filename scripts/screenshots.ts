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
    await shoot(page, `server-${name}`);
    await page.goto(`${baseUrl}${href}/settings`);
    await shoot(page, `settings-${name}`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl}/servers`);
  await shoot(page, "servers-mobile");
} finally {
  await browser.close();
}
