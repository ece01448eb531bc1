import type { Locator, Page } from "playwright-core";

// What the browser tests of the Account pages (a customer's and an operator's) share.

/** A second browser's User-Agent: the list of signed-in browsers names it "Firefox on Windows". */
export const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

/** The Account page's signed-in browsers, an item each. */
export const signedInBrowsers = (page: Page): Locator => page.getByRole("list", { name: "Browsers signed in to your account" }).getByRole("listitem");
