import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { signIn, submitSignInForm } from "../support/browser-dashboard.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The dashboard's language, as customers meet it in Chromium on `npm start -- --demo`: one with an
// English browser chooses Italian in the user menu and keeps it after signing out and in again (the
// choice is saved to the account); one whose browser asks for Italian gets it without choosing.
// The sign-in page speaks the browser's language (no one is signed in there yet).

const skipReason = browserSkipReason();
const POLL = { timeout: 15_000 };
const adminUrl = inject("adminDatabaseUrl");
const SECOND_CUSTOMER = { email: "sam@example.net", password: "second-customer" };

describe.skipIf(skipReason)(`choosing the dashboard's language in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let database: ScratchDatabase;
  let app: RunningDashboard;
  let browser: CheckedBrowser;

  const language = (page: Page) => page.evaluate(() => document.documentElement.lang);
  const menu = (page: Page) => page.getByRole("complementary");

  beforeAll(async () => {
    database = await createScratchDatabase(adminUrl, "e2e_language");
    app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "e2e-language-secret", DASHBOARD_BUILTIN_AGENTS: "0" }, { args: ["--demo"] });
    browser = await launchCheckedChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it("switches a customer with an English browser to Italian from the user menu, and keeps it after signing in again", async () => {
    const page = await browser.newPage({ baseURL: app.baseUrl, locale: "en-US" });
    await signIn(page, DEMO_LOGIN);
    expect(await language(page)).toBe("en");
    expect(await menu(page).getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts()).toEqual(["Servers", "Account", "API tokens", "API reference"]);

    await menu(page).getByLabel("Language").selectOption({ label: "Italiano" });
    await menu(page).getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => language(page), POLL).toBe("it");
    const italianMenu = ["Server", "Account", "Token API", "Riferimento API"];
    await expect.poll(() => menu(page).getByRole("navigation", { name: "Principale" }).getByRole("link").allInnerTexts(), POLL).toEqual(italianMenu);
    expect(await menu(page).getByLabel("Lingua").inputValue()).toBe("it");
    await page.getByRole("link", { name: "Token API" }).click();
    await page.waitForURL("**/account/tokens");
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Token API");
    expect(await page.getByRole("button", { name: "Crea token" }).isVisible()).toBe(true);

    await menu(page).getByRole("button", { name: "Esci", exact: true }).click();
    await page.waitForURL("**/login");
    // Signed out, the browser's language speaks again.
    expect(await language(page)).toBe("en");

    await signIn(page, DEMO_LOGIN);
    expect(await language(page)).toBe("it");
    expect(await menu(page).getByRole("navigation", { name: "Principale" }).getByRole("link").allInnerTexts()).toEqual(italianMenu);
    expect(await menu(page).getByLabel("Lingua").inputValue()).toBe("it");
    await page.goto("/account");
    expect(await page.getByRole("button", { name: "Cambia password" }).isVisible()).toBe(true);
    await page.close();
  });

  it("gives a customer whose browser asks for Italian, and who has not chosen, the dashboard in Italian", async () => {
    const page = await browser.newPage({ baseURL: app.baseUrl, locale: "it-IT" });
    expect(await page.evaluate(() => navigator.language)).toBe("it-IT");
    await page.goto("/login");
    expect(await language(page)).toBe("it");
    await submitSignInForm(page, SECOND_CUSTOMER);
    await page.waitForURL("**/servers");
    expect(await language(page)).toBe("it");
    expect(await menu(page).getByRole("navigation", { name: "Principale" }).getByRole("link").allInnerTexts()).toEqual(["Server", "Account", "Token API", "Riferimento API"]);
    expect(await menu(page).getByLabel("Lingua").inputValue()).toBe("it");
    await page.goto("/account");
    expect(await page.getByRole("heading", { name: "Browser connessi" }).isVisible()).toBe(true);
    await page.close();
  });
});
