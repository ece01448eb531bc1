import pg from "pg";
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { startDashboard, type RunningDashboard } from "../support/dashboard-process.ts";
import { createScratchDatabase, type ScratchDatabase } from "../support/databases.ts";
import { signInOverHttp } from "../support/http-session.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The servers list and a server's overview in an Italian and a German browser: a customer with no
// saved language gets the one their browser asks for (Accept-Language, from the context's locale),
// with its headings, its words for the memory figures, sizes written with a decimal comma, and the
// page's lang attribute saying which language it is in.

const skipReason = browserSkipReason();
const POLL = { timeout: 15_000 };
const GIB = 1024 * 1024;
const adminUrl = inject("adminDatabaseUrl");

const LANGUAGES = [
  {
    locale: "it-IT",
    lang: "it",
    list: { heading: "Server", summary: /^4 server · dati sulla memoria/, column: "Memoria in uso", meter: "Memoria in uso", status: "In esecuzione" },
    overview: { tab: "Panoramica", memory: "Memoria", chart: "Memoria nel tempo", ballooning: "Ballooning della memoria", details: "Dettagli", source: /Dati del guest · aggiornato \d+ sec\. fa/, plan: "Memoria del piano", back: "Tutti i server" },
  },
  {
    locale: "de-DE",
    lang: "de",
    list: { heading: "Server", summary: /^4 Server · Speicherwerte aus der jeweils letzten Messung$/, column: "Speichernutzung", meter: "Belegter Arbeitsspeicher", status: "Läuft" },
    overview: { tab: "Übersicht", memory: "Arbeitsspeicher", chart: "Arbeitsspeicher im Zeitverlauf", ballooning: "Speicher-Ballooning", details: "Details", source: /Werte des Gasts · aktualisiert vor \d+ Sek\./, plan: "Tarifgröße", back: "Alle Server" },
  },
] as const;

describe.skipIf(skipReason)(`the servers' pages in Italian and German${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let database: ScratchDatabase;
  let app: RunningDashboard;
  let browser: CheckedBrowser;
  let session: string;

  beforeAll(async () => {
    database = await createScratchDatabase(adminUrl, "e2e_languages");
    // Seeded readings only, as in dashboard.test.ts: the figures stay as the seed wrote them.
    app = await startDashboard({ DATABASE_URL: database.url, NEXTAUTH_SECRET: "e2e-languages-secret", DASHBOARD_BUILTIN_AGENTS: "0" }, { args: ["--demo"] });
    // web-frontend-01's latest reading: 1.5 GiB used of 4 GiB (the seed's own vary with the clock,
    // and may round to a whole number), which Italian and German write "1,5 GiB".
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO memory_samples (server_id, at, source, total_kib, balloon_kib, used_kib, available_kib, cache_kib, rss_kib)
         SELECT id, now(), 'guest', $1, $1, $2, $3, $4, $5 FROM servers WHERE name = 'web-frontend-01'`,
        [4 * GIB, 1.5 * GIB, 2 * GIB, 0.5 * GIB, 2.5 * GIB],
      );
    } finally {
      await client.end();
    }
    browser = await launchCheckedChromium();
    // Signed in over HTTP: the sign-in page's own words are not what this file checks.
    const cookie = await signInOverHttp(app.baseUrl, DEMO_LOGIN.email, DEMO_LOGIN.password);
    if (!cookie) throw new Error("the demo customer could not sign in");
    session = cookie;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  /** A page of a browser that asks for `locale`, signed in as the demo customer (who has saved no language). */
  async function pageIn(locale: string, options: BrowserContextOptions = {}): Promise<Page> {
    const page = await browser.newPage({ baseURL: app.baseUrl, locale, viewport: { width: 1366, height: 900 }, ...options });
    const [name = "", ...value] = session.split("=");
    await page.context().addCookies([{ name, value: value.join("="), url: app.baseUrl }]);
    return page;
  }

  for (const language of LANGUAGES) {
    it(`lists the servers in ${language.lang}, with sizes written with a decimal comma`, async () => {
      const page = await pageIn(language.locale);
      await page.goto("/servers");
      expect(await page.locator("html").getAttribute("lang")).toBe(language.lang);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(language.list.heading);
      expect(await page.locator("main header p").innerText()).toMatch(language.list.summary);
      const table = page.getByRole("table");
      expect(await table.getByRole("columnheader").allTextContents()).toContain(language.list.column);
      const row = table.getByRole("row", { name: /web-frontend-01/ });
      expect(await row.innerText()).toContain(language.list.status);
      expect(await row.innerText()).toContain("4 GiB · 2 vCPU");
      const meter = row.getByRole("meter", { name: language.list.meter });
      const reading = (await meter.locator("..").innerText()).trim();
      expect(reading).toMatch(/^1,5 GiB \/ 4 GiB/);
      expect(await table.innerText()).not.toMatch(/\d\.\d (GiB|MiB)/);
      await page.close();
    });

    it(`opens a server's overview in ${language.lang}`, async () => {
      const page = await pageIn(language.locale);
      await page.goto("/servers");
      await page.getByRole("table").getByRole("link", { name: "web-frontend-01" }).click();
      await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
      expect(await page.locator("html").getAttribute("lang")).toBe(language.lang);
      expect(await page.getByRole("link", { name: language.overview.back }).isVisible()).toBe(true);
      expect(await page.getByRole("navigation").getByRole("link", { name: language.overview.tab }).getAttribute("aria-current")).toBe("page");
      for (const heading of [language.overview.memory, language.overview.chart, language.overview.ballooning, language.overview.details]) {
        expect(await page.getByRole("heading", { name: heading, exact: true }).count(), heading).toBe(1);
      }
      const memory = page.locator("section", { has: page.getByRole("heading", { name: language.overview.memory, exact: true }) });
      await expect.poll(() => memory.innerText(), POLL).toMatch(language.overview.source);
      expect(await memory.getByText(language.overview.plan, { exact: true }).locator("..").innerText()).toContain("4 GiB");
      expect(await memory.innerText()).toMatch(/\n1,5 GiB/);
      const chart = page.locator("section", { has: page.getByRole("heading", { name: language.overview.chart }) });
      // The plot's read-out, once its chunk is loaded: the plan size in the reader's words, no English left.
      await expect.poll(() => chart.innerText(), POLL).toMatch(language.lang === "it" ? /Piano 4 GiB/ : /Tarif 4 GiB/);
      expect(await chart.innerText()).not.toMatch(/\b(Used|Latest|Plan size|updated)\b/);
      await page.close();
    });
  }
});
