import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_OPERATOR_LOGIN as OPERATOR, SIMULATED_HOST } from "@/prisma/seed.ts";
import { seriousAccessibilityViolations } from "../support/axe.ts";
import { SCREENSHOTS, submitSignInForm, untilNodesReported } from "../support/browser-dashboard.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The operator's hosts page and the API reference in the language of a German and an Italian browser
// (its Accept-Language; the demo operator has saved no language of their own): the pages' own words,
// sizes and ratios as those languages write them, while the API's descriptions stay the API's English.

const skipReason = browserSkipReason();

const LANGUAGES = {
  "de-DE": {
    lang: "de",
    hosts: {
      heading: "Hosts",
      columns: ["Host", "Agent", "Server / Domains", "Knoten", "Verkauft · Overcommit", "Garantiert", "In Balloons"],
      reporting: /^Meldet\s+vor \d+ s · v\d+\.\d+\.\d+$/,
      // The demo host: 64 GiB and 32 CPUs, all of it sold; postgres-primary and redis-cache guarantee
      // 18 GiB of the 62 GiB the default 2 GiB headroom leaves.
      cells: ["6 / 6", "64 GiB 32 CPUs", "64 GiB 1,00× physisch", "18 GiB von 62 GiB"],
    },
    reference: { heading: "API-Referenz", inEnglish: /auf Englisch/, parts: ["Parameter", "Antworten", "Fehler"], schemas: "Schemas", required: "erforderlich" },
  },
  "it-IT": {
    lang: "it",
    hosts: {
      heading: "Host",
      columns: ["Host", "Agente", "Server / domini", "Nodo", "Venduta · overcommit", "Garantita", "Nei balloon"],
      reporting: /^Attivo\s+\d+ s fa · v\d+\.\d+\.\d+$/,
      cells: ["6 / 6", "64 GiB 32 CPU", "64 GiB 1,00× fisica", "18 GiB di 62 GiB"],
    },
    reference: { heading: "Riferimento API", inEnglish: /in inglese/, parts: ["Parametri", "Risposte", "Errori"], schemas: "Schemi", required: "obbligatorio" },
  },
} as const;

describe.skipIf(skipReason)(`the operator's hosts and the API reference in German and Italian${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let database: ScratchDatabase;
  let app: RunningDashboard;
  let browser: CheckedBrowser;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    database = await createScratchDatabase(inject("adminDatabaseUrl"), "operator_languages");
    app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "operator-languages-test" }, { args: ["--demo"] });
    // The pages show the agent's last report: wait for the built-in agent's first one.
    await untilNodesReported(database.url);
    browser = await launchCheckedChromium();
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  for (const [locale, words] of Object.entries(LANGUAGES)) {
    it(`shows an operator the hosts in ${locale}'s language, sizes and ratios as it writes them`, async () => {
      const page = await browser.newPage({ baseURL: app.baseUrl, locale, viewport: { width: 1366, height: 900 } });
      await submitSignInForm(page, OPERATOR);
      await page.waitForURL("**/operator");
      expect(await page.locator("html").getAttribute("lang")).toBe(words.lang);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(words.hosts.heading);
      expect(await page.title()).toMatch(new RegExp(`^${words.hosts.heading} · `));
      const table = page.getByRole("region", { name: words.hosts.heading, exact: true });
      const columns = await table.getByRole("columnheader").allTextContents();
      expect(columns.map((column) => column.trim())).toEqual(words.hosts.columns);
      const cells = await table.getByRole("row", { name: new RegExp(SIMULATED_HOST.name) }).getByRole("cell").allInnerTexts();
      expect(cells[1]?.trim()).toMatch(words.hosts.reporting);
      expect(cells.slice(2, 6).map((cell) => cell.replace(/\s+/g, " ").trim())).toEqual(words.hosts.cells);
      expect(await seriousAccessibilityViolations(page)).toStrictEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, `operator-hosts-${words.lang}-1366.png`), fullPage: true });

      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, `operator-hosts-${words.lang}-390.png`), fullPage: true });
    });

    it(`gives a visitor the API reference's own words in ${locale}'s language, and the API's descriptions in English, marked as such`, { timeout: 120_000 }, async () => {
      const page = await browser.newPage({ baseURL: app.baseUrl, locale, viewport: { width: 390, height: 844 } });
      const response = await page.goto("/docs/api");
      expect(response?.status()).toBe(200);
      expect(await page.locator("html").getAttribute("lang")).toBe(words.lang);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(words.reference.heading);
      // Said once, in the reader's language: the document's words are English.
      expect(await page.locator("main").getByText(words.reference.inEnglish).count()).toBe(1);
      expect(await page.getByRole("heading", { level: 2, name: words.reference.schemas, exact: true }).count()).toBe(1);

      const listServers = page.locator("article#operation-listServers");
      const parts = await page.locator("article[id^='operation-'] h5").allTextContents();
      for (const part of words.reference.parts) expect(parts, part).toContain(part);
      expect(await listServers.innerText()).toContain(words.reference.required);
      // Method, path, status and the document's own summary stay as the API writes them, the summary marked English.
      expect(await listServers.locator("header > p").first().innerText()).toMatch(/^GET\s+\/api\/v1\/servers$/);
      expect(await listServers.locator("h4 a[lang='en']").innerText()).toBe("List your servers");
      expect(await listServers.locator("ul > li").first().innerText()).toMatch(/^200\s+OK/);

      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({ path: path.join(SCREENSHOTS, `api-reference-${words.lang}-390.png`), fullPage: true, clip: { x: 0, y: 0, width: 390, height: Math.min(2500, height) } });
    });
  }
});
