// `npm run screenshots`: signs in as the demo customer on a running dashboard (BASE_URL, default
// http://localhost:3000) and saves a PNG of each page to screenshots/, to look at the design: at a
// laptop's width and a phone's, in every language the dashboard speaks (LANGUAGES, default all;
// the browser's language picks the page's, as a new customer's would). Pages are found by their
// roles and links, not their words, so one script walks them in any language.
import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../tests/support/browser.ts";
import { DEMO_LOGIN } from "../prisma/seed.ts";
import { LOCALES } from "../lib/i18n/locales.ts";

const baseUrl = process.env.BASE_URL ?? "http://localhost:3000";
const outDir = "screenshots";
const languages = (process.env.LANGUAGES?.split(",") ?? [...LOCALES]).map((language) => language.trim());
const BROWSER_LOCALES: Record<string, string> = { en: "en-GB", it: "it-IT", de: "de-DE" };

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: true });
  console.log(`${outDir}/${name}.png`);
}

/** Waits until the memory chart shows its plot (drawn lazily on a canvas), or a moment when it has none to draw. */
async function memoryChartDrawn(page: Page) {
  await page.locator("main canvas").first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(400);
}

async function signIn(page: Page, password: string) {
  await page.locator('input[type="email"]').fill(DEMO_LOGIN.email);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
}

async function walk(browser: Browser, language: string) {
  const context = await browser.newContext({ locale: BROWSER_LOCALES[language] ?? language, viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  const name = (base: string) => `${language}-${base}`;
  await page.goto(`${baseUrl}/login`);
  await shoot(page, name("login"));
  await signIn(page, "wrong-password");
  await page.getByRole("alert").first().waitFor();
  await shoot(page, name("login-error"));
  await signIn(page, DEMO_LOGIN.password);
  await page.waitForURL(`${baseUrl}/servers`);
  await shoot(page, name("servers"));

  const links = page.getByRole("table").getByRole("link");
  const servers: { name: string; href: string }[] = [];
  for (let i = 0; i < (await links.count()); i++) {
    servers.push({ name: await links.nth(i).innerText(), href: (await links.nth(i).getAttribute("href")) ?? "" });
  }
  for (const [width, height, suffix] of [[1366, 860, ""], [390, 844, "-mobile"]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(`${baseUrl}/servers`);
    if (suffix) await shoot(page, name(`servers${suffix}`));
    for (const server of servers) {
      await page.goto(`${baseUrl}${server.href}`);
      await memoryChartDrawn(page);
      await shoot(page, name(`server-${server.name}${suffix}`));
      await page.goto(`${baseUrl}${server.href}/settings`);
      await shoot(page, name(`settings-${server.name}${suffix}`));
      // The confirmation that turning ballooning off or on asks for (KVM servers; LXC ones have no switch).
      // The switch is enabled once the page's script has loaded; the dialog's own script comes with the click.
      const ballooning = page.getByRole("switch").first();
      if ((await ballooning.count()) > 0 && (await ballooning.click({ timeout: 10_000 }).then(() => true, () => false))) {
        const opened = await page.locator("dialog[open]").waitFor({ timeout: 10_000 }).then(() => true, () => false);
        if (opened) {
          await shoot(page, name(`settings-${server.name}-confirm${suffix}`));
          await page.keyboard.press("Escape");
        }
      }
      // The reinstall's dialog of an LXC server (opened, never confirmed): its images and how to log in.
      const reinstall = page.locator("main button").filter({ hasText: /KVM/ }).first();
      if ((await reinstall.count()) > 0 && (await reinstall.click({ timeout: 10_000 }).then(() => true, () => false))) {
        const opened = await page.locator("dialog[open]").waitFor({ timeout: 10_000 }).then(() => true, () => false);
        if (opened) {
          await shoot(page, name(`settings-${server.name}-reinstall${suffix}`));
          await page.keyboard.press("Escape");
        }
      }
      await page.goto(`${baseUrl}${server.href}/activity`);
      await shoot(page, name(`activity-${server.name}${suffix}`));
    }
    for (const [path, base] of [["/account", "account"], ["/account/tokens", "api-tokens"]] as const) {
      await page.goto(`${baseUrl}${path}`);
      await shoot(page, name(`${base}${suffix}`));
    }
  }
  await context.close();
}

await mkdir(outDir, { recursive: true });
const browser = await launchChromium();
try {
  for (const language of languages) await walk(browser, language);
} finally {
  await browser.close();
}
