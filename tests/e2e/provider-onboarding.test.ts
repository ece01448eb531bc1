import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import * as z from "zod/mini";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hostListResponse, hostWithTokenResponse, importServersResponse, signInLinkSchema } from "@/lib/contracts/admin.ts";
import { readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import { LibvirtHypervisor } from "@/lib/hypervisor/libvirt/libvirt-hypervisor.ts";
import { seriousAccessibilityViolations } from "../support/axe.ts";
import { SCREENSHOTS } from "../support/browser-dashboard.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { browserSkipReason } from "../support/integrations.ts";
import { libvirtSkipReason, qemuDomainXml, QEMU_URI, removeDomain, uniqueDomainName } from "../support/libvirt.ts";
import { opsJson } from "../support/ops-cli.ts";

// The provider's whole path, as the README's "For providers" tells it, on a real node (qemu:///system):
// an empty database, `npm run ops -- host add`, the bundled agent started with the printed token from a
// folder that holds only it and its environment file, a customer added with a one-time link, the
// node's running QEMU domain imported for them; the customer signs in through the link, disables
// ballooning, and the domain's live XML has `<memballoon model='none'/>`.

const skipReason = browserSkipReason() ?? libvirtSkipReason(QEMU_URI);
const WAIT = { timeout: 120_000, interval: 500 };
const CUSTOMER = { email: "ada@example.test", name: "Ada Lovelace", password: "analytical engine 1843" };
const OPERATOR = { email: "noc@example.test", name: "Nico Operator", password: "night shift rota 2026" };
const withLink = z.object({ signInLink: signInLinkSchema });

describe.skipIf(skipReason)(`a provider onboarding a real node and customer, on ${QEMU_URI}${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const hypervisor = new LibvirtHypervisor(QEMU_URI);
  const domainName = uniqueDomainName("onboard");
  let database: ScratchDatabase;
  let app: RunningDashboard;
  let browser: CheckedBrowser;
  let node: string;
  let agent: ChildProcess | undefined;
  let agentOutput = "";
  const ops = (...args: string[]) => opsJson(args, { DATABASE_URL: database.url, NEXTAUTH_URL: app.baseUrl });

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    database = await createScratchDatabase(inject("adminDatabaseUrl"), "provider_onboarding");
    app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "provider-onboarding-test", DASHBOARD_BUILTIN_AGENTS: "0", DASHBOARD_MEMORY_MAINTENANCE: "0" });
    // The node: one running QEMU domain (no guest OS: it ignores ACPI, so the restart is forced).
    await hypervisor.defineXml(qemuDomainXml(domainName, { memoryKiB: 262_144 }));
    await hypervisor.start(domainName);
    // The agent as a provider installs it: the one built file, in a folder of its own.
    node = await mkdtemp(path.join(os.tmpdir(), "node-"));
    const build = await run(process.execPath, ["--import", "tsx", "scripts/build-agent.ts", "--outfile", path.join(node, "vps-agent.mjs")]);
    if (build.code !== 0) throw new Error(`npm run build:agent failed:\n${build.output}`);
    browser = await launchCheckedChromium();
  }, 600_000);

  afterAll(async () => {
    if (agent && agent.exitCode === null) {
      const exited = new Promise((resolve) => agent?.once("exit", resolve));
      agent.kill("SIGTERM");
      await exited;
    }
    await removeDomain(hypervisor, domainName);
    await browser?.close();
    await app?.stop();
    await database?.drop();
    if (node) await rm(node, { recursive: true, force: true });
  });

  it("goes from an empty database to the customer's own ballooning change in the domain's live XML", { timeout: 420_000 }, async () => {
    // 1. The host, and its agent started with the token printed once.
    const { agentToken } = z.parse(hostWithTokenResponse, await ops("host", "add", "qemu-node-01", "--uri", QEMU_URI));
    await writeFile(
      path.join(node, "agent.env"),
      `AGENT_TOKEN=${agentToken}\nDASHBOARD_URL=${app.baseUrl}\nAGENT_HOST=qemu-node-01\nAGENT_URI=${QEMU_URI}\nAGENT_REPORT_EVERY=2\nAGENT_SHUTDOWN_TIMEOUT=3\n`,
      { mode: 0o600 },
    );
    expect((await readdir(node)).sort()).toEqual(["agent.env", "vps-agent.mjs"]);
    // Nothing of this repository's environment: a PATH to find virsh, as a node's service has.
    const started = spawn(process.execPath, ["vps-agent.mjs", "--env-file", "agent.env"], { cwd: node, env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] });
    started.stdout.on("data", (chunk: Buffer) => (agentOutput += chunk.toString()));
    started.stderr.on("data", (chunk: Buffer) => (agentOutput += chunk.toString()));
    agent = started;

    // 2. Its first report: the node's memory and the domain.
    const reported = async () => z.parse(hostListResponse, await ops("host", "list")).hosts.find((host) => host.name === "qemu-node-01");
    await expect.poll(async () => (await reported())?.agentLastSeenAt ?? null, WAIT).not.toBeNull();
    const host = await reported();
    expect(host?.memoryKiB).toBeGreaterThan(0);
    expect(host?.domains).toBeGreaterThanOrEqual(1);

    // 3. The customer, and their server imported from what the agent saw.
    const customerLink = z.parse(withLink, await ops("customer", "add", CUSTOMER.email, "--name", CUSTOMER.name)).signInLink.url;
    const imported = z.parse(importServersResponse, await ops("server", "import", "--host", "qemu-node-01", "--owner", CUSTOMER.email, "--domain", domainName));
    expect(imported.created).toHaveLength(1);
    expect(imported.created[0]).toMatchObject({ name: domainName, memoryMiB: 256, vcpus: 1, virtualization: "kvm" });

    // 4. The customer signs in through the link and disables ballooning with a restart now.
    const page = await browser.newPage({ baseURL: app.baseUrl, viewport: { width: 1366, height: 900 } });
    await setPassword(page, customerLink, CUSTOMER.password);
    await page.waitForURL("**/servers");
    await page.getByRole("table").getByRole("link", { name: domainName }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    await page.getByRole("navigation", { name: "Server sections" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);
    const toggle = page.getByRole("switch", { name: "Disable ballooning" });
    await expect.poll(() => toggle.getAttribute("aria-checked"), WAIT).toBe("false");
    await toggle.click();
    await page.getByRole("dialog").getByRole("button", { name: "Restart now" }).click();
    await expect.poll(() => page.getByText("Memory settings applied").first().isVisible(), WAIT).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "onboarding-customer-1366.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "onboarding-customer-390.png"), fullPage: true });

    // 5. The node runs the domain without a balloon.
    expect(await hypervisor.domainState(domainName)).toBe("running");
    expect(readBalloon(await hypervisor.domainXml(domainName, "live"))).toMatchObject({ supported: true, model: "none" });
    expect(readBalloon(await hypervisor.domainXml(domainName, "persistent"))).toMatchObject({ model: "none" });

    // 6. The operator's pages show the node, the customer's server, and no failure.
    const operatorLink = z.parse(withLink, await ops("operator", "add", OPERATOR.email, "--name", OPERATOR.name)).signInLink.url;
    const operatorPage = await browser.newPage({ baseURL: app.baseUrl, viewport: { width: 1366, height: 900 } });
    await setPassword(operatorPage, operatorLink, OPERATOR.password);
    await operatorPage.waitForURL("**/operator");
    const row = operatorPage.getByRole("row", { name: /qemu-node-01/ });
    await expect.poll(() => row.innerText(), WAIT).toMatch(/Reporting/);
    expect(await seriousAccessibilityViolations(operatorPage)).toStrictEqual([]);
    await operatorPage.screenshot({ path: path.join(SCREENSHOTS, "onboarding-operator-hosts-1366.png"), fullPage: true });
    await operatorPage.goto("/operator/servers");
    expect(await operatorPage.getByRole("row", { name: new RegExp(domainName) }).innerText()).toMatch(/ada@example\.test[\s\S]*Off · guaranteed[\s\S]*success/);
    await operatorPage.screenshot({ path: path.join(SCREENSHOTS, "onboarding-operator-servers-1366.png"), fullPage: true });
    await operatorPage.setViewportSize({ width: 390, height: 844 });
    await operatorPage.goto("/operator");
    await operatorPage.screenshot({ path: path.join(SCREENSHOTS, "onboarding-operator-hosts-390.png"), fullPage: true });

    expect(agentOutput).not.toContain(agentToken);
  });
});

/** Opens a one-time link signed out and chooses the account's password; the app then signs the person in. */
async function setPassword(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}
