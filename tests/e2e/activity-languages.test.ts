import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { SCREENSHOTS, seededDashboardInChromium } from "../support/browser-dashboard.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The dashboard in the browser's language, on `npm start -- --demo`: the demo customer changes a
// server's ballooning through the API, and an Italian browser (Accept-Language it-IT) reads the
// server's Activity tab in Italian, newest first; a German browser's sign-in page asks in German.

const skipReason = browserSkipReason();
const WAIT = { timeout: 90_000 };
const SERVER = "web-frontend-01";

/** A call to the customer API from the signed-in page, with its session: the status and the JSON body. */
function api(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const response = await fetch(url, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    { method, url, body },
  );
}

describe.skipIf(skipReason)(`the Activity tab and the sign-in page in the browser's language, in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = seededDashboardInChromium("activity-languages");

  it("lists a server's ballooning changes newest first, in Italian, for an Italian browser", { timeout: 240_000 }, async () => {
    const page = await dashboard.browser.newPage({ baseURL: dashboard.app.baseUrl, locale: "it-IT", viewport: { width: 1366, height: 900 } });
    await page.goto("/login");
    await page.getByLabel("Email").fill(DEMO_LOGIN.email);
    await page.getByLabel("Password").fill(DEMO_LOGIN.password);
    await page.getByRole("button", { name: "Accedi" }).click();
    await page.waitForURL("**/servers");

    const { body: list } = await api(page, "GET", "/api/v1/servers");
    const server = (list as { servers: { id: string; name: string }[] }).servers.find((candidate) => candidate.name === SERVER);
    if (!server) throw new Error(`the demo customer has no ${SERVER}`);

    // Ballooning off with a restart now, which the demo host's agent carries out…
    const off = await api(page, "PUT", `/api/v1/servers/${server.id}/settings/ballooning`, { enabled: false, restart: "now" });
    expect(off.status).toBe(202);
    const actionId = (off.body as { action: { id: string } }).action.id;
    await expect.poll(async () => ((await api(page, "GET", `/api/v1/actions/${actionId}`)).body as { action: { status: string } }).action.status, WAIT).toBe("success");
    await expect
      .poll(async () => ((await api(page, "GET", `/api/v1/servers/${server.id}/activity`)).body as { events: { kind: string }[] }).events.map((event) => event.kind), WAIT)
      .toContain("ballooning_applied");
    // …then back on, at the next restart.
    expect((await api(page, "PUT", `/api/v1/servers/${server.id}/settings/ballooning`, { enabled: true, restart: "later" })).status).toBe(200);

    await page.goto(`/servers/${server.id}/activity`);
    const events = page.getByRole("list", { name: "Eventi, dal più recente" });
    await events.waitFor(WAIT);
    expect(await page.getByRole("heading", { name: "Attività", exact: true }).isVisible()).toBe(true);
    const sentences = await events.getByRole("listitem").evaluateAll((items) => items.map((item) => item.querySelector("p")?.textContent ?? ""));
    expect(sentences).toStrictEqual([
      "Hai attivato il ballooning della memoria: avrà effetto al prossimo riavvio del server.",
      "Impostazioni della memoria applicate.",
      "Il server ora funziona con il ballooning della memoria disattivato.",
      "Hai messo in coda un riavvio per applicare le impostazioni della memoria.",
      "Hai disattivato il ballooning della memoria e chiesto un riavvio per applicare la modifica.",
    ]);
    // Newest first by their times too, each written the Italian way ("6 dic 2026, 14:03:27 UTC").
    const times = events.locator("time");
    const moments = (await times.evaluateAll((elements) => elements.map((element) => element.getAttribute("datetime") ?? ""))).map((at) => Date.parse(at));
    expect(moments).toStrictEqual([...moments].sort((a, b) => b - a));
    for (const text of await times.allInnerTexts()) expect(text).toMatch(/^\d{1,2} [a-z]{3} \d{4}, \d{2}:\d{2}:\d{2} UTC$/);
    expect(await page.title()).toMatch(/^Attività del server/);

    await page.screenshot({ path: path.join(SCREENSHOTS, "activity-it-1366.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, "activity-it-390.png"), fullPage: true });
  });

  it("asks a German browser to sign in in German", async () => {
    const page = await dashboard.browser.newPage({ baseURL: dashboard.app.baseUrl, locale: "de-DE", viewport: { width: 390, height: 844 } });
    await page.goto("/login");
    expect(await page.getByRole("heading", { name: "Anmelden" }).isVisible()).toBe(true);
    expect(await page.getByLabel("E-Mail").getAttribute("type")).toBe("email");
    expect(await page.getByLabel("Passwort").getAttribute("type")).toBe("password");
    expect(await page.getByRole("button", { name: "Anmelden" }).isVisible()).toBe(true);
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    // A wrong password is refused in German too.
    await page.getByLabel("E-Mail").fill(DEMO_LOGIN.email);
    await page.getByLabel("Passwort").fill("nicht-das-passwort");
    await page.getByRole("button", { name: "Anmelden" }).click();
    await expect.poll(() => page.locator("form [role=alert]").textContent(), WAIT).toBe("Diese E-Mail-Adresse und dieses Passwort passen zu keinem Konto.");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, "login-de-390.png"), fullPage: true });
  });
});
