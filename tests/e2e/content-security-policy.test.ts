import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { seededDashboardInChromium, signIn } from "../support/browser-dashboard.ts";
import { browserSkipReason } from "../support/integrations.ts";

// Every page works under its Content-Security-Policy, at a laptop's 1366 px: signing in, the list,
// an overview whose chart (uPlot, loaded on demand) draws, the settings with their dialog, the
// not-found page. The checked browser fails the test on any violation (checked-browser.ts); each
// page is also saved to screenshots/e2e/csp-*.png to be looked at.

const skipReason = browserSkipReason();
const WAIT = { timeout: 60_000 };

describe.skipIf(skipReason)(`the pages under their Content-Security-Policy in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = seededDashboardInChromium("csp-pages", {}, { width: 1366, height: 900 });

  it("signs in, lists the servers, draws an overview's chart and opens the settings dialog without a violation", { timeout: 180_000 }, async () => {
    const { page } = dashboard;
    const permissionsPolicyErrors: string[] = [];
    page.on("console", (message) => void (/Permissions-Policy/.test(message.text()) && permissionsPolicyErrors.push(message.text())));
    await page.goto("/login");
    await dashboard.shot("csp-1-login");
    await signIn(page, DEMO_LOGIN);
    // Each page is loaded whole (its server-rendered HTML parsed under the policy), not only reached
    // by the client-side navigation that signing in and links use.
    await page.reload();
    await expect.poll(() => page.getByRole("table").getByRole("link").count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => widthOf(page.getByRole("meter", { name: "Memory in use" }).first()), WAIT).toBeGreaterThan(0);
    await dashboard.shot("csp-2-servers");

    await page.getByRole("table").getByRole("link", { name: "web-frontend-01" }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    await page.reload();
    const chart = page.locator("section", { has: page.getByRole("heading", { name: "Memory over time" }) });
    await expect.poll(() => chart.locator("canvas").count(), WAIT).toBe(1);
    await expect.poll(() => widthOf(page.getByRole("meter", { name: "Memory in use" })), WAIT).toBeGreaterThan(0);
    await dashboard.shot("csp-3-overview");

    await page.getByRole("navigation", { name: "Server sections" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);
    await page.reload();
    await page.getByRole("switch", { name: "Disable ballooning" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(true);
    await dashboard.shot("csp-4-settings-dialog");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(false);

    const missing = await page.goto("/no-such-page");
    expect(missing?.status()).toBe(404);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText(), WAIT).toBe("Not found");
    await dashboard.shot("csp-5-not-found");
    // Chromium names each feature of the Permissions-Policy it does not know: there is none.
    expect(permissionsPolicyErrors).toStrictEqual([]);
  });

  it("shows next-auth's own pages, its error page and its sign-out question, without a violation", async () => {
    const { page } = dashboard;
    await page.goto("/api/auth/error?error=Configuration");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText(), WAIT).toMatch(/error/i);
    await page.goto("/api/auth/signout");
    await expect.poll(() => page.getByRole("button", { name: /sign out/i }).isVisible(), WAIT).toBe(true);
    await dashboard.shot("csp-6-next-auth-sign-out");
  });
});

/** The width of a meter's "in use" segment: a style attribute, so 0 where the policy refused it. */
function widthOf(meter: Locator): Promise<number> {
  return meter.locator("div").first().evaluate((element) => element.getBoundingClientRect().width);
}
