import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { FIREFOX_ON_WINDOWS, signedInBrowsers } from "../support/account-page.ts";
import { seriousAccessibilityViolations } from "../support/axe.ts";
import { signIn } from "../support/browser-dashboard.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The Account page as a customer uses it, in Chromium on `npm start -- --demo`, with a second browser
// (Firefox on Windows, by its User-Agent) signed in to the same account: the password is changed on
// the page, which signs that browser out, and the new password signs it in again; then it is signed
// out from the list of signed-in browsers.

const skipReason = browserSkipReason();
const POLL = { timeout: 15_000 };
const adminUrl = inject("adminDatabaseUrl");
const NEW_PASSWORD = "a longer passphrase for the demo";

describe.skipIf(skipReason)(`the Account page in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let database: ScratchDatabase;
  let app: RunningDashboard;
  let browser: CheckedBrowser;
  let page: Page;
  let other: Page;

  const field = (label: string) => page.getByLabel(label, { exact: true });
  const sessions = () => signedInBrowsers(page);
  const signedOutOf = async (tab: Page) => {
    await tab.goto("/servers");
    return new URL(tab.url()).pathname === "/login";
  };

  beforeAll(async () => {
    database = await createScratchDatabase(adminUrl, "e2e_account");
    app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "e2e-account-secret", DASHBOARD_BUILTIN_AGENTS: "0" }, { args: ["--demo"] });
    browser = await launchCheckedChromium();
    page = await browser.newPage({ baseURL: app.baseUrl, locale: "en-GB" });
    other = await browser.newPage({ baseURL: app.baseUrl, locale: "en-GB", userAgent: FIREFOX_ON_WINDOWS });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it("opens the Account page from the menu, listing this browser first and the other one", async () => {
    await signIn(other, DEMO_LOGIN);
    await signIn(page, DEMO_LOGIN);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
    await page.waitForURL("**/account");
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Account");
    expect(await sessions().count()).toBe(2);
    expect(await sessions().first().innerText()).toMatch(/This browser[\s\S]*Active now/);
    expect(await sessions().filter({ hasText: "Firefox on Windows" }).innerText()).toMatch(/Signed in .+ UTC from 127\.0\.0\.1[\s\S]*Last active/);
    expect(await seriousAccessibilityViolations(page)).toStrictEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("says what is wrong at each field: a new password too short, then a wrong current password", async () => {
    await field("Current password").fill("not the password");
    await field("New password").fill("short");
    await field("Repeat the new password").fill("short");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => field("New password").getAttribute("aria-invalid"), POLL).toBe("true");
    expect(await field("New password").evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.getByText("Use at least 12 characters.").isVisible()).toBe(true);
    expect(await field("Current password").getAttribute("aria-invalid")).toBeNull();

    await field("New password").fill(NEW_PASSWORD);
    // Typing in the field takes its problem away.
    expect(await field("New password").getAttribute("aria-invalid")).toBeNull();
    await field("Repeat the new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => field("Current password").getAttribute("aria-invalid"), POLL).toBe("true");
    expect(await page.getByText("That is not your current password. Nothing was changed.").isVisible()).toBe(true);
    expect(await field("Current password").evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await signedOutOf(other)).toBe(false);
  });

  it("changes the password, which signs the other browser out; the new password signs it in again", async () => {
    await field("Current password").fill(DEMO_LOGIN.password);
    await page.getByRole("button", { name: "Change password" }).click();
    const done = page.getByRole("status").filter({ hasText: "Password changed." });
    await expect.poll(() => done.isVisible(), POLL).toBe(true);
    expect(await done.innerText()).toBe("Password changed. The one other browser signed in to your account was signed out.");
    // The form is emptied, and the list has lost the browser signed out.
    expect(await field("Current password").inputValue()).toBe("");
    await expect.poll(() => sessions().count(), POLL).toBe(1);
    expect(await page.getByText("No other browser is signed in to your account.").isVisible()).toBe(true);

    expect(await signedOutOf(other)).toBe(true);
    await other.getByLabel("Email").fill(DEMO_LOGIN.email);
    await other.getByLabel("Password").fill(DEMO_LOGIN.password);
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => other.getByText("That email and password do not match an account.").isVisible(), POLL).toBe(true);
    await signIn(other, { email: DEMO_LOGIN.email, password: NEW_PASSWORD });
    expect(await signedOutOf(other)).toBe(false);
  });

  it("signs the other browser out from the list", async () => {
    await page.reload();
    const firefox = sessions().filter({ hasText: "Firefox on Windows" });
    await expect.poll(() => firefox.count(), POLL).toBe(1);
    await firefox.getByRole("button", { name: /^Sign out Firefox on Windows, signed in / }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Firefox on Windows was signed out." }).isVisible(), POLL).toBe(true);
    await expect.poll(() => firefox.count(), POLL).toBe(0);
    // Focus stays in the list, not lost with the button that went.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Browsers signed in to your account");
    expect(await signedOutOf(other)).toBe(true);
    expect(await signedOutOf(page)).toBe(false);
  });

  it("signs out everywhere, this browser included, once confirmed", async () => {
    await signIn(other, { email: DEMO_LOGIN.email, password: NEW_PASSWORD });
    await page.goto("/account");
    await page.getByRole("main").getByRole("button", { name: "Sign out everywhere" }).click();
    const dialog = page.getByRole("dialog", { name: "Sign out everywhere?" });
    await expect.poll(() => dialog.isVisible(), POLL).toBe(true);
    await dialog.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.waitForURL("**/login");
    expect(await signedOutOf(other)).toBe(true);
    expect(await signedOutOf(page)).toBe(true);
  });
});
