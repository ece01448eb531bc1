import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { seriousAccessibilityViolations } from "../support/axe.ts";
import { signIn } from "../support/browser-dashboard.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The API tokens page as a customer uses it, in Chromium on `npm start -- --demo`: make a read-only
// token, copy its secret from the page, use it as a script would (it reads, it may not change
// anything), then revoke it on the page and see the API refuse it.

const skipReason = browserSkipReason();
const POLL = { timeout: 15_000 };
const adminUrl = inject("adminDatabaseUrl");
const TOKEN_NAME = "nightly backup";

describe.skipIf(skipReason)(`the API tokens page in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let database: ScratchDatabase;
  let app: RunningDashboard;
  let browser: CheckedBrowser;
  let page: Page;
  let secret = "";

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${app.baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json", ...init.headers } });
  const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
  const tokenRow = () => page.getByRole("list", { name: "Your tokens" }).getByRole("listitem").filter({ hasText: TOKEN_NAME });

  beforeAll(async () => {
    database = await createScratchDatabase(adminUrl, "e2e_tokens");
    app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "e2e-tokens-secret", DASHBOARD_BUILTIN_AGENTS: "0" }, { args: ["--demo"] });
    browser = await launchCheckedChromium();
    page = await browser.newPage({ baseURL: app.baseUrl, locale: "en-GB" });
    // The copy button writes to the clipboard, which the test reads back.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.baseUrl });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it("opens the API tokens page from the menu, with nothing listed yet", async () => {
    await signIn(page, DEMO_LOGIN);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
    await page.waitForURL("**/account/tokens");
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("API tokens");
    expect(await page.getByRole("link", { name: "API tokens" }).getAttribute("aria-current")).toBe("page");
    expect(await page.getByText("You have no API tokens yet.").isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toStrictEqual([]);
  });

  it("says what is missing at the field, and creates a read-only token whose secret it shows once, with a copy button", async () => {
    await page.getByRole("button", { name: "Create token" }).click();
    const name = page.getByLabel("Name");
    await expect.poll(() => name.getAttribute("aria-invalid"), POLL).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("name");
    expect(await page.getByText("Give the token a name.").isVisible()).toBe(true);

    await name.fill(TOKEN_NAME);
    await page.getByRole("radio", { name: "Read only" }).check();
    await page.getByLabel("Expires").selectOption({ label: "In 30 days" });
    await page.getByRole("button", { name: "Create token" }).click();

    await expect.poll(() => page.getByRole("status").filter({ hasText: "Token created." }).isVisible(), POLL).toBe(true);
    const shown = page.getByRole("group", { name: "Your new token" });
    expect(await shown.innerText()).toContain("it will not be shown again");
    const copy = shown.getByRole("button", { name: "Copy" });
    // Focus goes to the copy button, whose description says the secret is shown this once.
    await expect.poll(() => copy.evaluate((button) => button === document.activeElement), POLL).toBe(true);
    await copy.click();
    await expect.poll(() => shown.getByText("Copied to the clipboard.").isVisible(), POLL).toBe(true);
    secret = await page.evaluate(() => navigator.clipboard.readText());
    expect(secret).toMatch(/^vpsd_[\w-]{40,}$/);
    expect(await shown.locator("code").innerText()).toBe(secret);

    // The list, rendered again, has the token by its prefix and scope: never its secret.
    await expect.poll(() => tokenRow().count(), POLL).toBe(1);
    const row = await tokenRow().innerText();
    expect(row).toContain(`${secret.slice(0, 11)}…`);
    expect(row).toMatch(/Read only[\s\S]*Last used\s+Never/);
    expect(row).not.toContain(secret);
    expect(await seriousAccessibilityViolations(page)).toStrictEqual([]);
    // Nothing is cut or overflows on a phone, the secret included.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("lets the copied token read the servers, and refuses it a change: it is read only", async () => {
    const servers = await api("/api/v1/servers");
    expect(servers.status).toBe(200);
    const { servers: list } = (await servers.json()) as { servers: { id: string; name: string; ballooning: { enabled: boolean } }[] };
    const web = list.find((server) => server.name === "web-frontend-01");
    expect(web?.ballooning.enabled).toBe(true);

    const change = await api(`/api/v1/servers/${web?.id}/settings/ballooning`, { method: "PUT", body: JSON.stringify({ enabled: false, restart: "later" }) });
    expect(change.status).toBe(403);
    expect(await errorCode(change)).toBe("token_read_only");
    const after = (await (await api(`/api/v1/servers/${web?.id}`)).json()) as { server: { ballooning: { enabled: boolean } } };
    expect(after.server.ballooning.enabled).toBe(true);
  });

  it("forgets the secret once done, and lists the token as used", async () => {
    await page.getByRole("group", { name: "Your new token" }).getByRole("button", { name: "Done" }).click();
    await expect.poll(() => page.getByRole("group", { name: "Your new token" }).count(), POLL).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("name");
    await page.reload();
    expect(await page.content()).not.toContain(secret);
    expect(await tokenRow().innerText()).not.toMatch(/Last used\s+Never/);
  });

  it("revokes the token after a confirmation, and the API refuses it from then on", async () => {
    const revoke = tokenRow().getByRole("button", { name: `Revoke ${TOKEN_NAME}` });
    await revoke.click();
    const dialog = page.getByRole("dialog", { name: `Revoke ${TOKEN_NAME}?` });
    await expect.poll(() => dialog.isVisible(), POLL).toBe(true);
    expect(await dialog.innerText()).toContain(`${secret.slice(0, 11)}…`);
    // Escape backs out, and nothing is revoked.
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count(), POLL).toBe(0);
    expect((await api("/api/v1/servers")).status).toBe(200);

    await revoke.click();
    await dialog.getByRole("button", { name: "Revoke token" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: `${TOKEN_NAME} was revoked` }).isVisible(), POLL).toBe(true);
    await expect.poll(() => tokenRow().count(), POLL).toBe(0);

    const refused = await api("/api/v1/servers");
    expect(refused.status).toBe(401);
    expect(await errorCode(refused)).toBe("unauthorized");
    await page.reload();
    expect(await page.getByText("You have no API tokens yet.").isVisible()).toBe(true);
  });
});
