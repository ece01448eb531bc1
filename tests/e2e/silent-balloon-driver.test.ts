import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgent } from "@/lib/agent/agent.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { LibvirtHypervisor } from "@/lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { SCREENSHOTS, signIn } from "../support/browser-dashboard.ts";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { createServer, createUser, GENEROUS_HOST_MEMORY_KIB, unique } from "../support/factories.ts";
import { browserSkipReason } from "../support/integrations.ts";
import { libvirtSkipReason, qemuDomainXml, QEMU_URI, removeDomain, uniqueDomainName } from "../support/libvirt.ts";

// A real QEMU domain with a virtio balloon whose guest runs no balloon driver (it has no operating
// system at all), watched through a real host agent: the overview shows ballooning on and only the
// host's view of memory, and says why, with what the customer can do about it.

const skipReason = browserSkipReason() ?? libvirtSkipReason(QEMU_URI);
const WAIT = { timeout: 60_000, interval: 250 };

describe.skipIf(skipReason)(`a balloon whose guest driver says nothing${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = dashboardForAgentTests("silent-driver");
  const hypervisor = new LibvirtHypervisor(QEMU_URI);
  const domainName = uniqueDomainName("silent");
  const stopAgent = new AbortController();
  let agent: Promise<void> | undefined;
  let browser: CheckedBrowser;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchCheckedChromium();
  });

  afterAll(async () => {
    stopAgent.abort();
    await agent;
    await browser?.close();
    await removeDomain(hypervisor, domainName);
  });

  it("shows the host's view beside ballooning on, and explains that the guest's driver is not reporting", { timeout: 180_000 }, async () => {
    const owner = await createUser();
    const hostName = unique("host");
    const host = await db().host.create({ data: { name: hostName, hypervisorUri: QEMU_URI, memoryKiB: GENEROUS_HOST_MEMORY_KIB } });
    const server = await db().server.update({ where: { id: (await createServer({ ownerId: owner.id, hostId: host.id })).id }, data: { domainName } });
    await hypervisor.defineXml(qemuDomainXml(domainName));
    await hypervisor.start(domainName);
    agent = runAgent({ baseUrl: dashboard.app.baseUrl, token: await issueAgentToken(hostName), hypervisor, reportEveryMs: 2_000, signal: stopAgent.signal });

    // The agent's reports bring the balloon (virtio, applied) and only host figures.
    await expect.poll(async () => (await db().server.findUniqueOrThrow({ where: { id: server.id } })).observedBalloon, WAIT).toBe("virtio");
    await expect.poll(async () => (await db().memorySample.findFirst({ where: { serverId: server.id }, orderBy: { at: "desc" } }))?.source, WAIT).toBe("host");

    for (const [label, viewport] of [["wide", { width: 1366, height: 1000 }], ["narrow", { width: 390, height: 900 }]] as const) {
      page = await browser.newPage({ baseURL: dashboard.app.baseUrl, viewport });
      await signIn(page, owner);
      await page.goto(`/servers/${server.id}`);
      const memoryCard = page.locator("section", { has: page.getByRole("heading", { name: "Memory", exact: true }) });
      const ballooningCard = page.locator("section", { has: page.getByRole("heading", { name: "Memory ballooning" }) });
      await expect.poll(() => memoryCard.innerText(), WAIT).toMatch(/Host view · updated/);
      expect(await ballooningCard.innerText()).toMatch(/\bOn\b/);
      const note = await memoryCard.innerText();
      expect(note).toMatch(/Ballooning is on, but your server reports no memory figures/);
      expect(note).toMatch(/not installed or not loaded, or the server is still starting up/);
      expect(note).toMatch(/modprobe virtio_balloon/);
      // Not the words for a server without a balloon.
      expect(note).not.toMatch(/Ballooning is off/);
      await page.screenshot({ path: path.join(SCREENSHOTS, `silent-balloon-driver-${label}.png`), fullPage: true });
      await page.close();
    }
  });
});
