import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgent } from "@/lib/agent/agent.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { LibvirtHypervisor } from "@/lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { SCREENSHOTS, signIn } from "../support/browser-dashboard.ts";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { createServer, createUser, GENEROUS_HOST_MEMORY_KIB, unique } from "../support/factories.ts";
import { browserSkipReason } from "../support/integrations.ts";
import { libvirtSkipReason, qemuDomainXml, QEMU_URI, removeDomain, uniqueDomainName, UnstartableWithoutBalloon } from "../support/libvirt.ts";

// A change that cannot run, as the customer sees it: on real libvirt (qemu:///system), disabling
// ballooning gives a definition that fails to start. The agent puts the previous definition back and
// starts the server with it; the settings page says so in plain words, and that the choice is kept
// but not in effect.

const skipReason = browserSkipReason() ?? libvirtSkipReason(QEMU_URI);
const WAIT = { timeout: 90_000, interval: 250 };

describe.skipIf(skipReason)(`a change rolled back on ${QEMU_URI}, in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = dashboardForAgentTests("rollback-flow");
  const hypervisor = new LibvirtHypervisor(QEMU_URI);
  const domainName = uniqueDomainName("rollback");
  const stopAgent = new AbortController();
  let agent: Promise<void> | undefined;
  let browser: CheckedBrowser;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchCheckedChromium();
    page = await browser.newPage({ baseURL: dashboard.app.baseUrl, viewport: { width: 1366, height: 1000 } });
  });

  afterAll(async () => {
    stopAgent.abort();
    await agent;
    await browser?.close();
    await removeDomain(hypervisor, domainName);
  });

  it("says the change was undone, keeps the choice as not applied, and the server runs as before", { timeout: 240_000 }, async () => {
    const owner = await createUser();
    const host = await db().host.create({ data: { name: unique("qemu-host"), hypervisorUri: QEMU_URI, memoryKiB: GENEROUS_HOST_MEMORY_KIB } });
    const created = await createServer({ ownerId: owner.id, hostId: host.id });
    const server = await db().server.update({ where: { id: created.id }, data: { domainName, name: "db-primary" } });
    await hypervisor.defineXml(qemuDomainXml(domainName));
    await hypervisor.start(domainName);
    agent = runAgent({
      baseUrl: dashboard.app.baseUrl,
      token: await issueAgentToken(host.name),
      hypervisor: new UnstartableWithoutBalloon(QEMU_URI),
      shutdownTimeoutMs: 2_000,
      reportEveryMs: 2_000,
      claimWaitMs: 2_000,
      hostRetryDelaysMs: [],
      signal: stopAgent.signal,
      log: () => undefined,
    });

    await signIn(page, { email: owner.email, password: owner.password });
    await page.goto(`/servers/${server.id}/settings`);
    await page.getByRole("switch", { name: "Disable ballooning" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Restart now" }).click();

    const progress = page.getByText("The settings change did not finish").first();
    await expect.poll(() => progress.isVisible(), WAIT).toBe(true);
    const card = page.locator("section", { has: page.getByRole("heading", { name: "Memory ballooning" }) });
    const text = await card.innerText();
    expect(text).toContain("The server could not be started again. The change was undone: your server is back on its previous settings.");
    expect(text).toMatch(/Start\s*: Failed/);
    await expect.poll(() => card.innerText(), WAIT).toMatch(/Not applied[\s\S]*You chose ballooning off, but the last attempt to apply it did not succeed/);
    // libvirt's own words are for operators, not for the customer's page.
    expect(await page.content()).not.toMatch(/Cannot access storage file|nonexistent/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "rollback-1366.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "rollback-390.png"), fullPage: true });

    // The real domain runs its previous definition; operators get libvirt's message.
    expect(await hypervisor.domainState(domainName)).toBe("running");
    expect(readBalloon(await hypervisor.domainXml(domainName, "live"))).toMatchObject({ model: "virtio" });
    const action = await db().action.findFirstOrThrow({ where: { serverId: server.id }, orderBy: { createdAt: "desc" } });
    expect(action).toMatchObject({ status: "error", errorCode: "rolled_back" });
    expect(action.errorDetail).toMatch(/Cannot access storage file/);
    expect(await db().server.findUniqueOrThrow({ where: { id: server.id } })).toMatchObject({ ballooningEnabled: false, observedBalloon: "virtio", status: "running" });
  });
});
