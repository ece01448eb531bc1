import { gzipSync } from "node:zlib";
import type { BrowserContext, Page } from "playwright-core";

// What one fresh load of a page costs in JavaScript, counted the same way for the dashboard's pages
// and the blank reference app:
// - first load: the scripts the page's HTML names (<script src>, <link rel=preload as=script>),
//   gzipped here at zlib's default level (the level Next's own compression sends), so servers that
//   compress differently still compare. It has two parts: the module scripts a browser runs, and
//   the <script nomodule> polyfills Next names in every page, which only browsers without modules fetch;
// - later: every other script the browser fetched before the page was ready (dynamic imports).

export type PageWeight = {
  /** Module scripts and nomodule polyfills: every script the HTML names. */
  firstLoadGzip: number;
  /** The module scripts alone: what a current browser fetches before the page runs. */
  moduleGzip: number;
  laterGzip: number;
  legacyGzip: number;
  firstLoadScripts: string[];
  laterScripts: string[];
};

const SCRIPT_TAG = /<script\b[^>]*>/gi;
const PRELOAD_TAG = /<link\b[^>]*>/gi;
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}(?:="([^"]*)")?`, "i").exec(tag);

/** The script URLs the HTML names, as pathnames: those a module-capable browser loads, and the nomodule ones. */
export function scriptsNamedIn(html: string, baseUrl: string): { loaded: string[]; legacy: string[] } {
  const loaded = new Set<string>();
  const legacy = new Set<string>();
  for (const [tag] of html.matchAll(SCRIPT_TAG)) {
    const src = attribute(tag, "src")?.[1];
    if (!src) continue;
    (attribute(tag, "nomodule") ? legacy : loaded).add(new URL(decodeHtml(src), baseUrl).pathname);
  }
  for (const [tag] of html.matchAll(PRELOAD_TAG)) {
    if (attribute(tag, "rel")?.[1] !== "preload" || attribute(tag, "as")?.[1] !== "script") continue;
    const href = attribute(tag, "href")?.[1];
    if (href) loaded.add(new URL(decodeHtml(href), baseUrl).pathname);
  }
  return { loaded: [...loaded], legacy: [...legacy].filter((url) => !loaded.has(url)) };
}

const decodeHtml = (text: string) => text.replaceAll("&amp;", "&");

/**
 * Opens `path` in a fresh page of `context` with the cache disabled, waits for `ready`, and weighs
 * its scripts. Scripts the HTML names but the browser did not fetch (nomodule) are fetched directly.
 */
export async function measurePage(
  context: BrowserContext,
  baseUrl: string,
  path: string,
  ready: (page: Page) => Promise<void>,
): Promise<PageWeight> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const fetched = new Map<string, Promise<Buffer | null>>();
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    const url = new URL(response.url());
    if (url.origin !== new URL(baseUrl).origin) return;
    fetched.set(url.pathname, response.body().catch(() => null));
  });

  const response = await page.goto(`${baseUrl}${path}`, { waitUntil: "networkidle" });
  if (!response?.ok()) throw new Error(`${path} answered ${response?.status() ?? "nothing"}`);
  const html = await response.text();
  await ready(page);
  await page.waitForLoadState("networkidle");
  await page.close();

  const named = scriptsNamedIn(html, baseUrl);
  const gzipOf = async (url: string) => {
    const body = (await fetched.get(url)) ?? Buffer.from(await (await fetch(`${baseUrl}${url}`)).arrayBuffer());
    return gzipSync(body).length;
  };
  const sum = async (urls: string[]) => (await Promise.all(urls.map(gzipOf))).reduce((total, size) => total + size, 0);
  const namedUrls = new Set([...named.loaded, ...named.legacy]);
  const laterScripts = [...fetched.keys()].filter((url) => !namedUrls.has(url));
  const [moduleGzip, legacyGzip] = [await sum(named.loaded), await sum(named.legacy)];
  return {
    firstLoadGzip: moduleGzip + legacyGzip,
    moduleGzip,
    laterGzip: await sum(laterScripts),
    legacyGzip,
    firstLoadScripts: named.loaded,
    laterScripts,
  };
}
