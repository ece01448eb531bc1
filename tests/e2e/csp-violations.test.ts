import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchCheckedChromium, takeCspViolations } from "../support/checked-browser.ts";
import { browserSkipReason } from "../support/integrations.ts";

// The browser tests' guard: a page that breaks its Content-Security-Policy is caught, so a browser
// test fails on any violation (checked-browser.ts). Here, on a page served for the purpose.

const skipReason = browserSkipReason();
const POLICY = "default-src 'self'; script-src 'nonce-allowed'; style-src 'self'";
const PAGE = `<!doctype html><html><head><script nonce="allowed">document.title = "ran"</script></head><body>
<p>plain</p>
<p style="color: red">styled</p><script>document.title = "injected"</script>
</body></html>`;

describe.skipIf(skipReason)(`the browser tests' CSP guard${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    server = http.createServer((_request, response) => response.writeHead(200, { "content-type": "text/html", "content-security-policy": POLICY }).end(PAGE));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reports an inline script without the nonce and an inline style attribute, and fails the browser's close for any left", async () => {
    const browser = await launchCheckedChromium();
    const page = await browser.newPage();
    await page.goto(url);
    expect(await page.title()).toBe("ran");
    const reported: string[] = [];
    const reports = () => (reported.push(...takeCspViolations()), reported.join("\n"));
    await expect.poll(reports).toMatch(/script-src-elem refused inline at .*:3/);
    await expect.poll(reports).toMatch(/style-src-attr refused inline at .*:3/);
    await expect.poll(reports).toMatch(/console: Executing inline script violates the following Content Security Policy/);
    await page.reload();
    await expect.poll(async () => (await page.title()) === "ran" && (await page.locator("p").count()) === 2).toBe(true);
    await expect(browser.close()).rejects.toThrow(/Content-Security-Policy violations outside any test:\n[\s\S]*style-src-attr refused inline/);
  });
});
