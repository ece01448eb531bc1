import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import * as z from "zod/mini";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminCustomerSchema, hostWithTokenResponse, importServersResponse, signInLinkSchema } from "@/lib/contracts/admin.ts";
import { db } from "@/lib/db/client.ts";
import { SCREENSHOTS, signIn } from "../support/browser-dashboard.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { browserSkipReason } from "../support/integrations.ts";
import { opsJson } from "../support/ops-cli.ts";

// A new customer as an operator onboards them: the host added and its domains imported with
// `npm run ops`, the customer added with a one-time sign-in link, and the customer opening that link
// in Chromium, signed out, to set a password and see their servers. The link works once.

const skipReason = browserSkipReason();
const POLL = { timeout: 15_000 };
const CUSTOMER = { email: "grace@example.test", name: "Grace Hopper", password: "cobol compiler 1959" };
const linkResponse = z.object({ customer: adminCustomerSchema, signInLink: signInLinkSchema });

describe.skipIf(skipReason)(`a new customer's one-time sign-in link, in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let database: ScratchDatabase;
  let app: RunningDashboard;
  let browser: CheckedBrowser;
  let page: Page;
  let link: string;
  const previousDatabaseUrl = process.env.DATABASE_URL;
  const ops = (...args: string[]) => opsJson(args, { DATABASE_URL: database.url, NEXTAUTH_URL: app.baseUrl });

  beforeAll(async () => {
    database = await createScratchDatabase(inject("adminDatabaseUrl"), "welcome_link");
    process.env.DATABASE_URL = database.url;
    app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "welcome-link-test", DASHBOARD_BUILTIN_AGENTS: "0", DASHBOARD_MEMORY_MAINTENANCE: "0" });

    // The operator's side: a host whose agent reports two domains, imported for the new customer.
    const { agentToken } = z.parse(hostWithTokenResponse, await ops("host", "add", "lon1-node-01", "--uri", "qemu:///system"));
    const domain = (name: string, memoryKiB: number) => ({ name, virtualization: "kvm", state: "running", balloon: "virtio", memory: null, definition: { memoryKiB, vcpus: 2 } });
    const report = await fetch(`${app.baseUrl}/api/provider/v1/report`, {
      method: "POST",
      headers: { authorization: `Bearer ${agentToken}`, "content-type": "application/json" },
      body: JSON.stringify({ domains: [domain("grace-web", 4 * 1024 * 1024), domain("grace-db", 8 * 1024 * 1024)] }),
    });
    expect(report.status).toBe(200);
    link = z.parse(linkResponse, await ops("customer", "add", CUSTOMER.email, "--name", CUSTOMER.name)).signInLink.url;
    const imported = z.parse(importServersResponse, await ops("server", "import", "--host", "lon1-node-01", "--owner", CUSTOMER.email));
    expect(imported.created.map((server) => server.name).sort()).toEqual(["grace-db", "grace-web"]);

    browser = await launchCheckedChromium();
    page = await browser.newPage({ baseURL: app.baseUrl });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db().$disconnect();
    await database?.drop();
    process.env.DATABASE_URL = previousDatabaseUrl;
  });

  it("opens, signed out, on a page that greets the customer and asks for a password", async () => {
    expect(new URL(link).pathname).toMatch(/^\/welcome\/vpsl_/);
    await page.goto(link);
    await expect.poll(() => page.getByRole("heading", { name: `Welcome, ${CUSTOMER.name}` }).isVisible(), POLL).toBe(true);
    expect(await page.getByText(CUSTOMER.email).isVisible()).toBe(true);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      await page.screenshot({ path: path.join(SCREENSHOTS, `welcome-set-password-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("keeps to the password rules before anything is sent", async () => {
    await page.getByLabel("New password").fill("too short");
    await page.getByLabel("Repeat the password").fill("too short");
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await expect.poll(() => page.locator("form [role=alert]").textContent(), POLL).toBe("Use at least 12 characters.");
    await page.getByLabel("New password").fill(CUSTOMER.password);
    await page.getByLabel("Repeat the password").fill(`${CUSTOMER.password}!`);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await expect.poll(() => page.locator("form [role=alert]").textContent(), POLL).toBe("The two passwords differ. Type the same one twice.");
    expect((await db().user.findUniqueOrThrow({ where: { email: CUSTOMER.email } })).passwordHash).toBeNull();
  });

  it("sets the password, signs the customer in and shows their servers", async () => {
    await page.getByLabel("Repeat the password").fill(CUSTOMER.password);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.waitForURL("**/servers", POLL);
    for (const name of ["grace-web", "grace-db"]) await expect.poll(() => page.getByRole("link", { name }).first().isVisible(), POLL).toBe(true);
    expect((await db().user.findUniqueOrThrow({ where: { email: CUSTOMER.email } })).passwordHash).toMatch(/^scrypt\$/);
  });

  it("says the link was used when it is opened again, and the password it set signs in", async () => {
    const stranger = await browser.newPage({ baseURL: app.baseUrl });
    await stranger.goto(link);
    await expect.poll(() => stranger.getByRole("heading", { name: "This link was used already" }).isVisible(), POLL).toBe(true);
    expect(await stranger.getByLabel("New password").count()).toBe(0);
    await signIn(stranger, CUSTOMER);
    await expect.poll(() => stranger.getByRole("link", { name: "grace-web" }).first().isVisible(), POLL).toBe(true);
  });

  it("says an expired link has expired, and one replaced by a newer link was replaced", async () => {
    const replaced = z.parse(linkResponse, await ops("customer", "link", CUSTOMER.email)).signInLink.url;
    const expired = z.parse(linkResponse, await ops("customer", "link", CUSTOMER.email)).signInLink.url;
    await db().signInLink.updateMany({ where: { user: { email: CUSTOMER.email }, usedAt: null, replacedAt: null }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const visitor = await browser.newPage({ baseURL: app.baseUrl });
    await visitor.goto(expired);
    await expect.poll(() => visitor.getByRole("heading", { name: "This link has expired" }).isVisible(), POLL).toBe(true);
    expect(await visitor.getByText("Ask your provider for a new one.").isVisible()).toBe(true);
    await visitor.goto(replaced);
    await expect.poll(() => visitor.getByRole("heading", { name: "This link was replaced" }).isVisible(), POLL).toBe(true);
    await visitor.goto(`${new URL(link).origin}/welcome/vpsl_not-a-real-link`);
    await expect.poll(() => visitor.getByRole("heading", { name: "This link does not work" }).isVisible(), POLL).toBe(true);
  });
});
