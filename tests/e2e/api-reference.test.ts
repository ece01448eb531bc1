import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import * as z from "zod/mini";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousAccessibilityViolations } from "../support/axe.ts";
import { SCREENSHOTS } from "../support/browser-dashboard.ts";
import { launchCheckedChromium, type CheckedBrowser } from "../support/checked-browser.ts";
import { dashboardForAgentTests } from "../support/dashboard-process.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The API reference at /docs/api, as a visitor who is not signed in gets it from the running app:
// every operation of the published document under its anchor, with each of its statuses and every
// error code it can answer; no script of its own; anchors that lead somewhere; no serious
// accessibility fault (axe-core); no sideways scrolling of the page at a phone's 390 px.

const skipReason = browserSkipReason();
const dashboard = dashboardForAgentTests("api-reference");
const url = (target: string) => `${dashboard.app.baseUrl}${target}`;

// ---------------------------------------------------------------------------------------------
// The published document, read as far as this test needs it.

const responseSchema = z.object({ content: z.optional(z.record(z.string(), z.object({ schema: z.unknown() }))) });
const documentSchema = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.object({ operationId: z.string(), responses: z.record(z.string(), responseSchema) }))),
});
const errorBodySchema = z.object({ properties: z.object({ error: z.object({ properties: z.object({ code: z.object({ enum: z.array(z.string()) }) }) }) }) });

type DocumentedOperation = { id: string; method: string; path: string; successes: string[]; errors: string[] };

async function documentedOperations(): Promise<DocumentedOperation[]> {
  const document = documentSchema.parse(await (await fetch(url("/api/v1/openapi.json"))).json());
  return Object.entries(document.paths).flatMap(([operationPath, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const statuses = Object.entries(operation.responses);
      return {
        id: operation.operationId,
        method: method.toUpperCase(),
        path: operationPath,
        successes: statuses.filter(([status]) => Number(status) < 400).map(([status]) => status),
        errors: statuses
          .filter(([status]) => Number(status) >= 400)
          .flatMap(([status, response]) => errorBodySchema.parse(response.content?.["application/json"]?.schema).properties.error.properties.code.enum.map((code) => `${status} ${code}`)),
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------

describe("the API reference, for a visitor who is not signed in", () => {
  it("answers 200 with the page itself, under a nonce policy, with no style attribute and no script without the nonce", async () => {
    const response = await fetch(url("/docs/api"), { redirect: "manual" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const nonce = response.headers.get("content-security-policy")?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
    if (!nonce) throw new Error("no nonce in the page's policy");
    const html = await response.text();
    expect(html).toContain("<h1");
    expect(html).not.toMatch(/<[^>]+\sstyle=/);
    expect(html).not.toMatch(/<style\b/);
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain(` nonce="${nonce}"`);
  });
});

describe.skipIf(skipReason)(`the API reference in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let browser: CheckedBrowser;
  let page: Page;
  let operations: DocumentedOperation[];

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    operations = await documentedOperations();
    browser = await launchCheckedChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows every operation of the published document under #operation-<operationId>, with each of its statuses and every error code it can answer", { timeout: 120_000 }, async () => {
    const response = await page.goto(url("/docs/api"));
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/docs/api");
    expect(operations.length).toBeGreaterThan(0);

    const shown = await page.evaluate(() => [...document.querySelectorAll("article[id^='operation-']")].map((article) => article.id));
    expect(shown.sort()).toStrictEqual(operations.map(({ id }) => `operation-${id}`).sort());

    for (const operation of operations) {
      const rendered = await page.evaluate(renderedOperation, `operation-${operation.id}`);
      expect(rendered.method, operation.id).toBe(operation.method);
      expect(rendered.path, operation.id).toBe(operation.path);
      expect(rendered.successes, operation.id).toStrictEqual(operation.successes);
      expect(rendered.errors.map(({ status, code }) => `${status} ${code}`).sort(), operation.id).toStrictEqual([...operation.errors].sort());
      for (const { code, meaning } of rendered.errors) expect(meaning, `${operation.id} ${code}`).not.toBe("");
    }
    // The raw document is a link away.
    await expect.poll(() => page.locator("main a[href='/api/v1/openapi.json']").count()).toBeGreaterThan(0);
  });

  it("loads no script of its own: the same scripts as the not-found page, which has none", { timeout: 60_000 }, async () => {
    const reference = await scriptsLoadedBy(browser, "/docs/api");
    const notFound = await scriptsLoadedBy(browser, "/no-such-page");
    expect(reference.length).toBeGreaterThan(0);
    expect(reference.filter((script) => !notFound.includes(script))).toStrictEqual([]);
  });

  it("has anchors that all lead somewhere, one h1 and headings that go down one level at a time", async () => {
    await page.goto(url("/docs/api"));
    const { anchors, broken, levels } = await page.evaluate(() => {
      const targets = [...document.querySelectorAll("a[href^='#']")].map((link) => decodeURIComponent(link.getAttribute("href")?.slice(1) ?? ""));
      return {
        anchors: targets.length,
        broken: [...new Set(targets.filter((id) => document.getElementById(id) === null))],
        levels: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((heading) => Number(heading.tagName.slice(1))),
      };
    });
    expect(anchors).toBeGreaterThan(operations.length);
    expect(broken).toStrictEqual([]);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    const jumps = levels.flatMap((level, index) => (index > 0 && level > (levels[index - 1] ?? 0) + 1 ? [`h${levels[index - 1]} → h${level}`] : []));
    expect(jumps).toStrictEqual([]);
  });

  it.each([
    [1366, 900],
    [390, 844],
  ])("has no serious or critical accessibility violation at %i px (axe-core), and is saved to a screenshot", { timeout: 180_000 }, async (width, height) => {
    await page.setViewportSize({ width, height });
    await page.goto(url("/docs/api"));
    expect(await seriousAccessibilityViolations(page)).toStrictEqual([]);
    // The page never scrolls sideways: long paths wrap, tables scroll inside their own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const fullHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({ path: path.join(SCREENSHOTS, `api-reference-${width}.png`), fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(2500, fullHeight) } });
  });
});

/** Runs in the page: what the operation's article shows of its method, path, statuses and error codes. */
function renderedOperation(anchor: string) {
  const article = document.getElementById(anchor);
  if (!article) throw new Error(`no element #${anchor}`);
  const part = (title: string) => [...article.querySelectorAll("h5")].find((heading) => heading.textContent === title)?.parentElement;
  const text = (element: Element | null | undefined) => element?.textContent?.trim() ?? "";
  const errors = [...(part("Errors")?.querySelectorAll("tbody") ?? [])].flatMap((group) => {
    const status = text(group.querySelector("th")).split(/\s/)[0] ?? "";
    return [...group.querySelectorAll("tr")].map((row) => {
      const code = text(row.querySelector("td code"));
      return { status, code, meaning: text(row.querySelector("td")).slice(code.length).trim() };
    });
  });
  return {
    method: text(article.querySelector("header > p > span:first-child")),
    path: text(article.querySelector("header > p > span:last-child")),
    successes: [...(part("Responses")?.querySelectorAll(":scope > ul > li") ?? [])].map((item) => text(item.querySelector("span")).split(/\s/)[0] ?? ""),
    errors,
  };
}

/** The scripts a browser fetches to show a page, in a context of its own (nothing cached). */
async function scriptsLoadedBy(browser: CheckedBrowser, target: string): Promise<string[]> {
  const page = await browser.newPage();
  const scripts: string[] = [];
  page.on("request", (request) => void (request.resourceType() === "script" && scripts.push(new URL(request.url()).pathname)));
  try {
    await page.goto(url(target), { waitUntil: "networkidle" });
  } finally {
    await page.close();
  }
  return scripts.sort();
}
