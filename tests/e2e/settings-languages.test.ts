import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { SCREENSHOTS, seededDashboardInChromium, submitSignInForm } from "../support/browser-dashboard.ts";
import { browserSkipReason } from "../support/integrations.ts";

// A server's settings in the customer's language, as their browser asks for it (Accept-Language, from
// Chromium's locale): in Italian, the ballooning explanation and the confirmation that disabling it
// asks for; in German, an LXC server's notice and the reinstall it offers. On `npm start -- --demo`,
// as the other settings tests; the pages are found by roles and by the demo servers' names, since
// every word on them is Italian or German.

const skipReason = browserSkipReason();
const WAIT = { timeout: 60_000 };

describe.skipIf(skipReason)(`the settings in Italian and German, in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = seededDashboardInChromium("settings-languages");

  /** A page in `locale` signed in as the demo customer, on the settings of the demo server `name`. */
  async function settingsPage(locale: string, name: string): Promise<Page> {
    const page = await dashboard.browser.newPage({ baseURL: dashboard.app.baseUrl, locale, viewport: { width: 1366, height: 900 } });
    await submitSignInForm(page, DEMO_LOGIN);
    await page.waitForURL("**/servers");
    const href = await page.getByRole("table").getByRole("link", { name, exact: true }).getAttribute("href");
    await page.goto(`${href}/settings`);
    return page;
  }

  it("explains ballooning in Italian and asks, in Italian, before disabling it", { timeout: 180_000 }, async () => {
    const page = await settingsPage("it-IT", "web-frontend-01");
    expect(await page.locator("html").getAttribute("lang")).toBe("it");
    expect(await page.title()).toMatch(/^Impostazioni del server/);

    const card = page.locator("section", { has: page.getByRole("heading", { name: "Ballooning della memoria" }) });
    const explanation = await card.innerText();
    expect(explanation).toContain("È attivo per impostazione predefinita e ti consigliamo di lasciarlo attivo.");
    expect(explanation).toContain("Disattivalo solo per i carichi di lavoro critici per la memoria");
    expect(explanation).toContain("database in tempo reale");
    expect(explanation).toContain("servizi a bassa latenza");
    expect(explanation).toContain("La modifica diventa effettiva dopo un riavvio, che puoi avviare direttamente dal pannello.");
    expect(explanation).not.toMatch(/we recommend|When to disable|real-time databases|Takes effect/);

    const toggle = page.getByRole("switch", { name: "Disattiva il ballooning" });
    await expect.poll(() => toggle.getAttribute("aria-disabled"), WAIT).toBe(null);
    await toggle.click();
    const dialog = page.getByRole("dialog", { name: "Disattivare il ballooning?" });
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(true);
    const asked = await dialog.innerText();
    expect(asked).toContain("Per rendere effettiva la modifica, web-frontend-01 deve essere riavviato.");
    expect(asked).toContain("Il tuo server mantiene sempre tutti i suoi 4 GiB.");
    expect(asked).toContain("Applica al prossimo riavvio salva subito la modifica");
    for (const button of ["Annulla", "Applica al prossimo riavvio", "Riavvia ora"]) {
      expect(await dialog.getByRole("button", { name: button, exact: true }).isVisible(), button).toBe(true);
    }
    expect(asked).not.toMatch(/must restart|Cancel|Apply at next restart|Restart now/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-it-confirm.png"), fullPage: true });

    // Cancelled: nothing changes, and the switch stays as it was.
    await dialog.getByRole("button", { name: "Annulla", exact: true }).click();
    await expect.poll(() => dialog.count(), WAIT).toBe(0);
    expect(await toggle.getAttribute("aria-checked")).toBe("false");

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-it-390.png"), fullPage: true });
  });

  it("tells, in German, that an LXC server has no ballooning and that a reinstall moves it to KVM", { timeout: 180_000 }, async () => {
    const page = await settingsPage("de-DE", "legacy-mail");
    expect(await page.locator("html").getAttribute("lang")).toBe("de");

    const reinstall = page.getByRole("button", { name: "Auf KVM neu installieren" });
    await expect.poll(() => reinstall.isVisible(), WAIT).toBe(true);
    await expect.poll(() => reinstall.getAttribute("aria-disabled"), WAIT).toBe(null);
    const notice = page.getByText("Dieser Server läuft noch mit LXC-Virtualisierung, die kein Ballooning unterstützt.");
    expect(await notice.innerText()).toMatch(/Neue Server laufen auf KVM, das mehr Funktionen bietet, darunter die Steuerung des Balloonings\. Mit einer Neuinstallation wechselt der Server zu KVM\.$/);
    expect(await page.getByRole("switch").count()).toBe(0);
    expect(await page.getByRole("heading", { name: "Diesen Server auf KVM umstellen" }).isVisible()).toBe(true);
    expect(await page.getByText("This server still runs on LXC virtualization").count()).toBe(0);

    await reinstall.click();
    const dialog = page.getByRole("dialog", { name: "legacy-mail auf KVM neu installieren?" });
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(true);
    expect(await dialog.innerText()).toContain("Alle Daten auf legacy-mail werden gelöscht.");
    expect(await dialog.getByLabel("Geben Sie zur Bestätigung legacy-mail ein").isVisible()).toBe(true);
    expect(await dialog.getByRole("button", { name: "Löschen und neu installieren" }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-de-lxc-reinstall.png"), fullPage: true });
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count(), WAIT).toBe(0);

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-de-lxc-390.png"), fullPage: true });
  });
});
