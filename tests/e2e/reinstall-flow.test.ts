import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client.ts";
import { lxcDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { createSimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { DEMO_LOGIN, SIMULATED_HOST } from "@/prisma/seed.ts";
import { seededDashboardInChromium, signIn } from "../support/browser-dashboard.ts";
import { browserSkipReason } from "../support/integrations.ts";
import { publicKeyLine } from "../support/ssh-keys.ts";

// Moving a legacy LXC server to KVM, as a customer does it: in Chromium, on `npm start`'s launcher
// with its built-in agent and simulated host (whose image pool has the catalogue's base volumes),
// choose how to log in to the new server, confirm the reinstall by typing the server's name, follow
// its steps, and find the KVM ballooning section (ballooning on) in place of the LXC notice. One
// server is given the customer's SSH key, after a malformed key and a weak one were refused at the
// field; the other a generated root password, shown once. Neither secret is left anywhere after.

const skipReason = browserSkipReason();
const WAIT = { timeout: 90_000 };

describe.skipIf(skipReason)(`reinstalling an LXC server on KVM in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = seededDashboardInChromium("reinstall-flow");
  let database: PrismaClient;

  beforeAll(async () => {
    database = createPrismaClient(dashboard.databaseUrl);
    // A second LXC server of the demo customer's, its container running on the built-in agent's simulated host.
    const simulator = createSimulatedHypervisor({ uri: SIMULATED_HOST.hypervisorUri, dataDir: dashboard.dataDir });
    await simulator.defineXml(lxcDomainXml({ name: "ct-1005", memoryMiB: 1024, vcpus: 1 }));
    await simulator.start("ct-1005");
    const owner = await database.user.findUniqueOrThrow({ where: { email: DEMO_LOGIN.email } });
    const host = await database.host.findUniqueOrThrow({ where: { name: SIMULATED_HOST.name } });
    await database.server.create({
      data: { ownerId: owner.id, hostId: host.id, name: "mail-archive", domainName: "ct-1005", virtualization: "lxc", memoryMiB: 1024, vcpus: 1, diskGiB: 20, image: "centos-7", status: "running", ballooningEnabled: false },
    });
  });

  afterAll(async () => {
    await database?.$disconnect();
  });

  /** From the server list to the server's settings, and the reinstall dialog opened. */
  async function openReinstallDialog(page: Page, name: string) {
    await page.goto("/servers");
    const row = page.getByRole("table").getByRole("row").filter({ has: page.getByRole("link", { name }) });
    expect(await row.innerText()).toMatch(/LXC \(legacy\)/);
    await row.getByRole("link", { name }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    await page.getByRole("navigation", { name: "Server sections" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);
    const reinstallButton = page.getByRole("button", { name: "Reinstall on KVM" });
    await expect.poll(() => reinstallButton.isVisible(), WAIT).toBe(true);
    expect(await page.getByText("This server still runs on LXC virtualization").isVisible()).toBe(true);
    expect(await page.getByRole("switch", { name: "Disable ballooning" }).count()).toBe(0);
    return { reinstallButton, row };
  }

  /** The reinstall followed to its end, after which the server is KVM with ballooning on. */
  async function expectReinstalled(page: Page, name: string, shot?: string) {
    const header = page.locator("header", { has: page.getByRole("heading", { name, level: 1 }) });
    const steps = page.getByRole("list", { name: "Steps" }).first();
    await expect.poll(() => steps.isVisible(), WAIT).toBe(true);
    expect(await steps.innerText()).toMatch(/Create its disk from the image/);
    if (shot) await dashboard.shot(shot);
    await expect.poll(() => page.getByText("Reinstalled on KVM").first().isVisible(), WAIT).toBe(true);
    const toggle = page.getByRole("switch", { name: "Disable ballooning" });
    await expect.poll(() => toggle.getAttribute("aria-checked"), WAIT).toBe("false");
    await expect.poll(() => header.innerText(), WAIT).toMatch(/KVM/);
    expect(await header.innerText()).not.toMatch(/LXC/);
    expect(await steps.innerText()).toMatch(/Remove the first-boot settings from the host/);
  }

  /** Nothing the dashboard keeps or says holds `secret`: the server's actions and events, and its own output. */
  async function expectForgotten(secret: string, serverName: string) {
    const server = await database.server.findFirstOrThrow({ where: { name: serverName } });
    const actions = await database.action.findMany({ where: { serverId: server.id }, include: { steps: true } });
    const events = await database.auditEvent.findMany({ where: { serverId: server.id } });
    expect(actions.map((action) => action.status)).toContain("success");
    const stored = JSON.stringify([actions, events], (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
    expect(stored).not.toContain(secret);
    expect(dashboard.app.output()).not.toContain(secret);
    const answer = await dashboard.page.evaluate(async (id) => (await fetch(`/api/v1/servers/${id}/actions`)).text(), server.id);
    expect(answer).toMatch(/"command":"reinstall"/);
    expect(answer).not.toContain(secret);
  }

  it("gives the new server the customer's SSH key, after a malformed and a weak key were refused at the field", { timeout: 300_000 }, async () => {
    const { page } = dashboard;
    await signIn(page, DEMO_LOGIN);
    const { reinstallButton } = await openReinstallDialog(page, "mail-archive");
    await reinstallButton.click();
    const dialog = page.getByRole("dialog", { name: "Reinstall mail-archive on KVM?" });
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(true);
    await dialog.getByRole("radio", { name: "Debian 12" }).check();
    expect(await dialog.getByRole("radio", { name: /My SSH key/ }).isChecked()).toBe(true);
    const keyField = dialog.getByLabel("SSH public key");
    await dialog.getByLabel("Type mail-archive to confirm").fill("mail-archive");
    const confirm = dialog.getByRole("button", { name: "Erase and reinstall" });

    await keyField.fill("my key is on the other laptop");
    await confirm.click();
    await expect.poll(() => keyField.getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.innerText()).toMatch(/This does not look like an SSH public key/);

    // Shaped like a key, so only the dashboard's own check tells it is too weak.
    await keyField.fill(publicKeyLine({ type: "rsa", bits: 1024 }));
    await confirm.click();
    await expect.poll(() => dialog.innerText(), WAIT).toMatch(/This RSA key has 1,024 bits; at least 2,048 are needed/);
    expect(await keyField.getAttribute("aria-invalid")).toBe("true");
    await dashboard.shot("reinstall-key-refused");

    const key = publicKeyLine({ type: "ed25519" });
    await keyField.fill(key);
    expect(await keyField.getAttribute("aria-invalid")).toBeNull();
    await page.waitForTimeout(300); // the button's colour transition, for the screenshot
    await dashboard.shot("reinstall-key-dialog");
    await confirm.click();
    await expect.poll(() => dialog.count(), WAIT).toBe(0);
    await expectReinstalled(page, "mail-archive");
    await expectForgotten(key.split(" ")[1] ?? key, "mail-archive");
  });

  it("gives the other a generated root password, shown once with a copy button, then followed to KVM", { timeout: 300_000 }, async () => {
    const { page } = dashboard;
    const { reinstallButton, row } = await openReinstallDialog(page, "legacy-mail");
    await dashboard.shot("reinstall-1-settings-before");

    await reinstallButton.click();
    const dialog = page.getByRole("dialog", { name: "Reinstall legacy-mail on KVM?" });
    await expect.poll(() => dialog.isVisible(), WAIT).toBe(true);
    expect(await dialog.innerText()).toMatch(/All data on legacy-mail will be erased/);
    await dialog.getByRole("radio", { name: "Debian 12" }).check();
    await dialog.getByRole("radio", { name: /Generate a root password/ }).check();
    expect(await dialog.getByLabel("SSH public key").count()).toBe(0);
    const confirm = dialog.getByRole("button", { name: "Erase and reinstall" });
    const nameField = dialog.getByLabel("Type legacy-mail to confirm");
    await nameField.fill("legacy-mai");
    expect(await confirm.isDisabled()).toBe(true);
    await nameField.fill("Legacy-mail");
    expect(await confirm.isDisabled()).toBe(true);
    await nameField.fill("legacy-mail");
    expect(await confirm.isEnabled()).toBe(true);
    await page.waitForTimeout(300);
    await dashboard.shot("reinstall-2-dialog-filled");
    await confirm.click();

    const shown = page.getByRole("dialog", { name: "Root password of legacy-mail" });
    await expect.poll(() => shown.isVisible(), WAIT).toBe(true);
    const password = (await shown.locator("code").innerText()).trim();
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    expect(await shown.innerText()).toMatch(/This is the only time it is shown/);
    // Focus is on the copy button, whose note says why.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/Copy/);
    await dashboard.shot("reinstall-password-shown-once");
    await shown.getByRole("button", { name: "I have stored it" }).click();
    await expect.poll(() => shown.count(), WAIT).toBe(0);
    expect(await page.getByText(password).count()).toBe(0);

    await expectReinstalled(page, "legacy-mail", "reinstall-3-progress");
    await dashboard.shot("reinstall-4-after");
    await expectForgotten(password, "legacy-mail");

    await page.getByRole("link", { name: "← All servers" }).click();
    await page.waitForURL("**/servers");
    await expect.poll(() => row.innerText(), WAIT).toMatch(/KVM/);
    expect(await row.innerText()).not.toMatch(/LXC/);
  });
});
