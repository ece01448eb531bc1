import { spawn, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/api-tokens.ts";
import { db } from "@/lib/db/client.ts";
import { issueAgentToken } from "@/lib/hosts/agent-token.ts";
import { kvmDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { createSimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { SCREENSHOTS, signIn } from "../support/browser-dashboard.ts";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { createServer, createUser, GENEROUS_HOST_MEMORY_KIB, unique } from "../support/factories.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The overview's "Memory over time" in Chromium, fed by a real host agent process on a simulated
// host: the warning when readings stop and its end when they resume, and the marker where
// ballooning was switched off, drawn on the plot and listed under it.

const skipReason = browserSkipReason();
const WAIT = { timeout: 60_000, interval: 250 };

describe.skipIf(skipReason)(`the memory chart in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = dashboardForAgentTests("memory-chart");
  let browser: CheckedBrowser;
  let page: Page;
  let agent: ChildProcess | undefined;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchCheckedChromium();
    page = await browser.newPage({ baseURL: dashboard.app.baseUrl, viewport: { width: 1280, height: 1000 } });
  });

  afterAll(async () => {
    agent?.kill("SIGTERM");
    await browser?.close();
  });

  function startAgent(host: { name: string; hypervisorUri: string }, token: string) {
    agent = spawn(process.execPath, ["--import", "tsx", "scripts/agent.ts", "--host", host.name, "--uri", host.hypervisorUri, "--report-every", "2"], {
      env: { ...process.env, AGENT_TOKEN: token, DASHBOARD_URL: dashboard.app.baseUrl, DASHBOARD_DATA_DIR: dashboard.dataDir },
      stdio: "ignore",
    });
  }

  async function stopAgent() {
    const stopping = agent;
    agent = undefined;
    if (!stopping || stopping.exitCode !== null) return;
    await new Promise((resolve) => {
      stopping.once("exit", resolve);
      stopping.kill("SIGKILL");
    });
  }

  const memoryCard = () => page.locator("section", { has: page.getByRole("heading", { name: "Memory", exact: true }) });
  const chartCard = () => page.locator("section", { has: page.getByRole("heading", { name: "Memory over time" }) });

  /** Pixels of the plot's canvas within a small distance of `hex`. */
  const pixelsOf = (hex: string) =>
    chartCard()
      .locator("canvas")
      .evaluate((canvas: HTMLCanvasElement, colour: string) => {
        const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
        const { data } = (canvas.getContext("2d") as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
        let count = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (Math.abs((data[i] ?? 0) - r) + Math.abs((data[i + 1] ?? 0) - g) + Math.abs((data[i + 2] ?? 0) - b) < 24) count++;
        }
        return count;
      }, hex);

  it("warns when readings stop, marks where ballooning was switched off, and reads out figures under the pointer", { timeout: 180_000 }, async () => {
    const owner = await createUser();
    const hostName = unique("host");
    const host = await db().host.create({ data: { name: hostName, hypervisorUri: `simulated:///${hostName}`, memoryKiB: GENEROUS_HOST_MEMORY_KIB } });
    const domainName = unique("vps");
    const server = await db().server.update({ where: { id: (await createServer({ ownerId: owner.id, hostId: host.id })).id }, data: { domainName } });
    const simulator = createSimulatedHypervisor({ uri: host.hypervisorUri, dataDir: dashboard.dataDir });
    await simulator.defineXml(kvmDomainXml({ name: domainName, memoryMiB: 2048, vcpus: 1, ballooning: true }));
    await simulator.start(domainName);
    const agentToken = await issueAgentToken(hostName);
    const samples = () => db().memorySample.count({ where: { serverId: server.id, source: "guest" } });

    // Readings arrive: the chart plots them, names the source and says how fresh they are.
    startAgent(host, agentToken);
    await expect.poll(samples, WAIT).toBeGreaterThanOrEqual(2);
    await signIn(page, owner);
    await page.goto(`/servers/${server.id}`);
    const card = chartCard();
    await expect.poll(() => card.innerText(), WAIT).toMatch(/Guest figures · updated \d+ s ago/);
    await expect.poll(() => pixelsOf("#372aac"), WAIT).toBeGreaterThan(50); // the "used" band
    expect(await card.getByRole("status").count()).toBe(0);

    // The agent dies, and its last readings age: as if it had stopped five minutes ago.
    await stopAgent();
    await db().$executeRaw`UPDATE memory_samples SET at = at - interval '5 minutes' WHERE server_id = ${server.id}::uuid`;
    await expect.poll(() => card.getByRole("status").innerText().catch(() => ""), WAIT).toMatch(/No new readings for 5 min/);
    expect(await memoryCard().innerText()).toMatch(/Guest figures · updated 5 min ago/); // the card reads the same poll
    await page.screenshot({ path: path.join(SCREENSHOTS, "chart-1-stale.png"), fullPage: true });

    // A new agent reports again: the warning goes with the next poll.
    startAgent(host, agentToken);
    await expect.poll(() => card.getByRole("status").count(), WAIT).toBe(0);
    await expect.poll(() => card.innerText(), WAIT).toMatch(/updated \d+ s ago/);

    // Ballooning off, applied by the agent with a cold restart: a marker at the moment it took effect.
    const { token } = await createApiToken({ userId: owner.id, name: "chart-test" });
    const response = await fetch(`${dashboard.app.baseUrl}/api/v1/servers/${server.id}/settings/ballooning`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ enabled: false }),
    });
    expect(response.status).toBe(202);
    const { action } = (await response.json()) as { action: { id: string } };
    await expect.poll(async () => (await db().action.findUniqueOrThrow({ where: { id: action.id } })).status, WAIT).toBe("success");
    const changes = card.getByRole("list", { name: "Changes in this range" });
    await expect.poll(() => changes.innerText().catch(() => ""), WAIT).toMatch(/Ballooning switched off/);
    await expect.poll(() => pixelsOf("#b45309"), WAIT).toBeGreaterThan(50); // the marker's line and flag
    await expect.poll(() => card.innerText(), WAIT).toMatch(/Host view · updated/);
    expect(await memoryCard().innerText()).toMatch(/Host view · updated/);
    const ballooningCard = page.locator("section", { has: page.getByRole("heading", { name: "Memory ballooning" }) });
    await expect.poll(() => ballooningCard.innerText(), WAIT).toMatch(/Off/);

    // Under the pointer, the read-out gives that moment's figures instead of the latest ones.
    const readOut = card.locator("p", { hasText: "Plan 2 GiB" }).first();
    expect(await readOut.innerText()).toMatch(/^Latest/);
    const box = await card.locator("canvas").boundingBox();
    if (!box) throw new Error("the plot has no box");
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await expect.poll(() => readOut.innerText(), WAIT).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w+, \d\d:\d\d/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "chart-2-switched-off.png"), fullPage: true });
    await page.mouse.move(0, 0);
    await expect.poll(() => readOut.innerText(), WAIT).toMatch(/^Latest/);

    // The keyboard reads the same figures: focus the plot, then Home, End and the arrow keys.
    // Screen readers hear the read-out as the value of the plot, a slider over the readings.
    const plot = card.getByRole("slider", { name: /Memory over the last hour/ });
    expect(await plot.getAttribute("aria-valuetext")).toMatch(/^Latest, Resident on host [\d.]+ [MG]iB, Plan 2 GiB$/);
    await plot.focus();
    await page.keyboard.press("Home");
    const first = await readOut.innerText();
    expect(first).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) /);
    await expect.poll(() => plot.getAttribute("aria-valuetext"), WAIT).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w+, \d\d:\d\d:\d\d, /);
    expect(await plot.getAttribute("aria-valuenow")).toBe("0");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => readOut.innerText(), WAIT).not.toBe(first);
    expect(await plot.getAttribute("aria-valuenow")).toBe("1");
    await page.keyboard.press("Escape");
    await expect.poll(() => readOut.innerText(), WAIT).toMatch(/^Latest/);
    await stopAgent();
  });
});
