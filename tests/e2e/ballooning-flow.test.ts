import { describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { seriousAccessibilityViolations } from "../support/axe.ts";
import { seededDashboardInChromium, signIn } from "../support/browser-dashboard.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The product's main story, as a customer lives it: in Chromium, on `npm start`'s launcher with its
// built-in agent and simulated host, turn on "Disable ballooning", confirm, watch the restart's
// steps finish, and find the overview showing ballooning off and the host's view of memory.

const skipReason = browserSkipReason();
const WAIT = { timeout: 90_000 };

describe.skipIf(skipReason)(`disabling ballooning in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = seededDashboardInChromium("flow");

  it("applies the change with a live, step-by-step restart and shows the host's view afterwards", { timeout: 240_000 }, async () => {
    const { page } = dashboard;
    await signIn(page, DEMO_LOGIN);
    await page.getByRole("table").getByRole("link", { name: "web-frontend-01" }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    await page.getByRole("navigation", { name: "Server sections" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);

    const toggle = page.getByRole("switch", { name: "Disable ballooning" });
    await expect.poll(() => toggle.getAttribute("aria-checked"), WAIT).toBe("false");
    await dashboard.shot("1-settings-before");
    await toggle.click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(true);
    expect(await dialog.innerText()).toMatch(/must restart/);
    await dashboard.shot("2-confirm");
    await dialog.getByRole("button", { name: "Restart now" }).click();

    const steps = page.getByRole("list", { name: "Steps" }).first();
    await expect.poll(() => steps.isVisible(), WAIT).toBe(true);
    await expect.poll(() => page.getByText("Shut down (clean)").first().isVisible(), WAIT).toBe(true);
    await dashboard.shot("3-in-progress");
    await expect.poll(() => page.getByText("Memory settings applied").first().isVisible(), WAIT).toBe(true);
    await dashboard.shot("4-applied");
    expect(await steps.innerText()).toMatch(/Not needed: the server shut down in time/);
    await expect.poll(() => toggle.getAttribute("aria-checked"), WAIT).toBe("true");

    await page.getByRole("navigation", { name: "Server sections" }).getByRole("link", { name: "Overview" }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    // The agent reports right after the restart; with the balloon gone only the host's view remains.
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator("section", { has: page.getByRole("heading", { name: "Memory", exact: true }) }).innerText();
      }, WAIT)
      .toMatch(/Host view · updated/);
    const ballooning = page.locator("section", { has: page.getByRole("heading", { name: "Memory ballooning" }) });
    expect(await ballooning.innerText()).toMatch(/Off/);
    await page.locator("canvas").first().waitFor(); // the memory chart, loaded after the page
    await dashboard.shot("5-overview-after");

    const server = await page.evaluate(async () => {
      const { servers } = (await (await fetch("/api/v1/servers")).json()) as { servers: { name: string; ballooning: unknown }[] };
      return servers.find((candidate) => candidate.name === "web-frontend-01");
    });
    expect(server?.ballooning).toEqual({ supported: true, enabled: false, applied: false, pendingRestart: false });

    // The Activity tab tells the same story, newest first, in plain sentences.
    await page.getByRole("navigation", { name: "Server sections" }).getByRole("link", { name: "Activity" }).click();
    await page.waitForURL(/\/activity$/);
    const events = page.getByRole("list", { name: "Events, newest first" });
    await events.waitFor(WAIT);
    const sentences = await events.getByRole("listitem").evaluateAll((items) => items.map((item) => item.querySelector("p")?.textContent ?? ""));
    expect(sentences).toStrictEqual([
      "Memory settings applied.",
      "The server now runs with memory ballooning off.",
      "You queued a restart to apply your memory settings.",
      "You turned memory ballooning off and asked for a restart to apply it.",
    ]);
    expect(await events.locator("time").first().innerText()).toMatch(/^\d{1,2} \w{3,4} \d{4}, \d{2}:\d{2}:\d{2} UTC$/);
    expect(await page.getByRole("link", { name: /Older events/ }).count()).toBe(0);
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await seriousAccessibilityViolations(page)).toStrictEqual([]);
    await dashboard.shot("6-activity-1366");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await dashboard.shot("6-activity-390");
    // A cursor the page never offered leads nowhere.
    expect((await page.goto(`${new URL(page.url()).pathname}?cursor=not-a-page`))?.status()).toBe(404);
  });
});
