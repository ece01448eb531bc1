import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_PATH } from "./integrations.ts";

// Debian's Chromium, driven by Playwright. The flags keep it from reaching out to the network,
// which this machine does not have, and let it run as root in a container.
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
