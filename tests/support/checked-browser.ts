import type { BrowserContextOptions, Page } from "playwright-core";
import { afterEach } from "vitest";
import { launchChromium } from "./browser.ts";

// Chromium for tests, failing a test on any Content-Security-Policy violation. Every page reports
// its documents' `securitypolicyviolation` events and Chromium's CSP console errors; importing this
// file registers an afterEach that fails the test during which one came, and one that came outside
// any test (in beforeAll, say) fails the browser's close(). Browser tests use this, not browser.ts
// (eslint.config.mjs holds them to it); scripts outside Vitest use browser.ts.

export type CheckedBrowser = { newPage: (options?: BrowserContextOptions) => Promise<Page>; close: () => Promise<void> };

const BINDING = "__reportCspViolation";
const CSP_CONSOLE_MESSAGE = /Content[- ]Security[- ]Policy/i;
let seen: string[] = [];

/** The violations seen since the last call or the last test; taking them keeps them from failing it. */
export function takeCspViolations(): string[] {
  const taken = seen;
  seen = [];
  return taken;
}

function failOn(violations: string[], when: string): void {
  if (violations.length > 0) throw new Error(`Content-Security-Policy violations ${when}:\n${violations.join("\n")}`);
}

afterEach(() => failOn(takeCspViolations(), "during this test"));

export async function launchCheckedChromium(): Promise<CheckedBrowser> {
  const browser = await launchChromium();
  return {
    newPage: async (options) => watched(await browser.newPage(options)),
    close: async () => {
      const left = takeCspViolations();
      await browser.close();
      failOn(left, "outside any test");
    },
  };
}

async function watched(page: Page): Promise<Page> {
  // A CDP binding and an init script, which the page's own policy does not govern.
  await page.exposeBinding(BINDING, (_source, report: string) => void seen.push(`${page.url()}: ${report}`));
  await page.addInitScript((binding: string) => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as Record<string, ((text: string) => void) | undefined>)[binding];
      report?.(`${event.effectiveDirective} refused ${event.blockedURI || "a resource"} at ${event.sourceFile}:${event.lineNumber}`);
    });
  }, BINDING);
  page.on("console", (message) => {
    if (CSP_CONSOLE_MESSAGE.test(message.text())) seen.push(`${page.url()}: console: ${message.text()}`);
  });
  return page;
}
