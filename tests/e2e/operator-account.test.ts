import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_OPERATOR_LOGIN as OPERATOR } from "@/prisma/seed.ts";
import { FIREFOX_ON_WINDOWS, signedInBrowsers } from "../support/account-page.ts";
import { seriousAccessibilityViolations } from "../support/axe.ts";
import { SCREENSHOTS, submitSignInForm } from "../support/browser-dashboard.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The operator's Account page in Chromium, on `npm start -- --demo`: under the operator's own menu,
// the same password and signed-in browsers a customer has. A second browser (Firefox on Windows, by
// its User-Agent) signed in as the same operator is signed out by the change of password.

const skipReason = browserSkipReason();
const POLL = { timeout: 15_000 };
const NEW_PASSWORD = "a longer passphrase for the operator";

async function signInAsOperator(page: Page, password: string = OPERATOR.password): Promise<void> {
  await submitSignInForm(page, { email: OPERATOR.email, password });
  await page.waitForURL("**/operator");
}

describe.skipIf(skipReason)(`the operator's Account page in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let database: ScratchDatabase;
  let app: RunningDashboard;
  let browser: CheckedBrowser;
  let page: Page;
  let other: Page;

  const field = (label: string) => page.getByLabel(label, { exact: true });
  const sessions = () => signedInBrowsers(page);
  const signedOutOf = async (tab: Page) => {
    await tab.goto("/operator");
    return new URL(tab.url()).pathname === "/login";
  };

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    database = await createScratchDatabase(inject("adminDatabaseUrl"), "e2e_operator_account");
    app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "e2e-operator-account", DASHBOARD_BUILTIN_AGENTS: "0" }, { args: ["--demo"] });
    browser = await launchCheckedChromium();
    page = await browser.newPage({ baseURL: app.baseUrl, locale: "en-GB", viewport: { width: 1366, height: 900 } });
    other = await browser.newPage({ baseURL: app.baseUrl, locale: "en-GB", userAgent: FIREFOX_ON_WINDOWS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it("opens from the operator's menu, listing both browsers, and the customers' address leads there", async () => {
    await signInAsOperator(other);
    await signInAsOperator(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
    await page.waitForURL("**/operator/account");
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Account");
    // The operator's menu, not a customer's: no servers of their own, no API tokens.
    const menu = await page.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts();
    expect(menu.map((entry) => entry.trim())).toEqual(["Hosts", "All servers", "Failures", "Account", "API reference"]);
    expect(await sessions().count()).toBe(2);
    expect(await sessions().first().innerText()).toMatch(/This browser[\s\S]*Active now/);
    expect(await seriousAccessibilityViolations(page)).toStrictEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, "operator-account-1366.png"), fullPage: true });

    await page.goto("/account");
    await page.waitForURL("**/operator/account");

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, "operator-account-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it("refuses a wrong current password at its field, and changes nothing", async () => {
    await field("Current password").fill("not the password");
    await field("New password").fill(NEW_PASSWORD);
    await field("Repeat the new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => field("Current password").getAttribute("aria-invalid"), POLL).toBe("true");
    expect(await page.getByText("That is not your current password. Nothing was changed.").isVisible()).toBe(true);
    expect(await signedOutOf(other)).toBe(false);
  });

  it("changes the password, which signs the other browser out; only the new password signs in", async () => {
    await field("Current password").fill(OPERATOR.password);
    await page.getByRole("button", { name: "Change password" }).click();
    const done = page.getByRole("status").filter({ hasText: "Password changed." });
    await expect.poll(() => done.isVisible(), POLL).toBe(true);
    expect(await done.innerText()).toBe("Password changed. The one other browser signed in to your account was signed out.");
    await expect.poll(() => sessions().count(), POLL).toBe(1);

    expect(await signedOutOf(other)).toBe(true);
    await submitSignInForm(other, OPERATOR);
    await expect.poll(() => other.getByText("That email and password do not match an account.").isVisible(), POLL).toBe(true);
    await signInAsOperator(other, NEW_PASSWORD);
    expect(await signedOutOf(page)).toBe(false);
  });
});
