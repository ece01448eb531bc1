import { describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { seededDashboardInChromium, signIn } from "../support/browser-dashboard.ts";
import { browserSkipReason } from "../support/integrations.ts";

// Moving a legacy LXC server to KVM, as a customer does it: in Chromium, on `npm start`'s launcher
// with its built-in agent and simulated host, confirm the reinstall by typing the server's name,
// follow its steps, and find the KVM ballooning section (ballooning on) in place of the LXC notice.

const skipReason = browserSkipReason();
const WAIT = { timeout: 90_000 };

describe.skipIf(skipReason)(`reinstalling an LXC server on KVM in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = seededDashboardInChromium("reinstall-flow");

  it("erases and recreates the server on KVM once its name is typed, then offers the ballooning switch", { timeout: 300_000 }, async () => {
    const { page } = dashboard;
    await signIn(page, DEMO_LOGIN);
    const row = page.getByRole("table").getByRole("row").filter({ has: page.getByRole("link", { name: "legacy-mail" }) });
    expect(await row.innerText()).toMatch(/LXC \(legacy\)/);
    await row.getByRole("link", { name: "legacy-mail" }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    await page.getByRole("navigation", { name: "Server sections" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);

    const header = page.locator("header", { has: page.getByRole("heading", { name: "legacy-mail", level: 1 }) });
    const reinstallButton = page.getByRole("button", { name: "Reinstall on KVM" });
    await expect.poll(() => reinstallButton.isVisible(), WAIT).toBe(true);
    expect(await page.getByText("This server still runs on LXC virtualization").isVisible()).toBe(true);
    expect(await page.getByRole("switch", { name: "Disable ballooning" }).count()).toBe(0);
    expect(await header.innerText()).toMatch(/LXC \(legacy\)/);
    await dashboard.shot("reinstall-1-settings-before");

    await reinstallButton.click();
    const dialog = page.getByRole("dialog", { name: "Reinstall legacy-mail on KVM?" });
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(true);
    expect(await dialog.innerText()).toMatch(/All data on legacy-mail will be erased/);
    await dialog.getByRole("radio", { name: "Debian 12" }).check();
    const confirm = dialog.getByRole("button", { name: "Erase and reinstall" });
    const nameField = dialog.getByLabel("Type legacy-mail to confirm");
    await nameField.fill("legacy-mai");
    expect(await confirm.isDisabled()).toBe(true);
    await nameField.fill("Legacy-mail");
    expect(await confirm.isDisabled()).toBe(true);
    await nameField.fill("legacy-mail");
    expect(await confirm.isEnabled()).toBe(true);
    await page.waitForTimeout(300); // the button's colour transition, for the screenshot
    await dashboard.shot("reinstall-2-dialog-filled");
    await confirm.click();
    await expect.poll(() => dialog.count(), WAIT).toBe(0);

    const steps = page.getByRole("list", { name: "Steps" }).first();
    await expect.poll(() => steps.isVisible(), WAIT).toBe(true);
    expect(await steps.innerText()).toMatch(/Create the KVM server/);
    await dashboard.shot("reinstall-3-progress");
    await expect.poll(() => page.getByText("Reinstalled on KVM").first().isVisible(), WAIT).toBe(true);

    const toggle = page.getByRole("switch", { name: "Disable ballooning" });
    await expect.poll(() => toggle.getAttribute("aria-checked"), WAIT).toBe("false");
    await expect.poll(() => header.innerText(), WAIT).toMatch(/KVM/);
    expect(await header.innerText()).not.toMatch(/LXC/);
    expect(await page.getByText("This server still runs on LXC virtualization").count()).toBe(0);
    expect(await steps.innerText()).toMatch(/Switch your server over/);
    await dashboard.shot("reinstall-4-after");

    await page.getByRole("link", { name: "← All servers" }).click();
    await page.waitForURL("**/servers");
    await expect.poll(() => row.innerText(), WAIT).toMatch(/KVM/);
    expect(await row.innerText()).not.toMatch(/LXC/);
  });
});
