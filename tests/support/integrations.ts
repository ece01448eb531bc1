import { existsSync } from "node:fs";

// Tests that need a real browser or libvirt skip on a machine that lacks them, saying why.
// .ci/run sets REQUIRE_INTEGRATIONS=1: there they must run, and a missing part fails the run.

export function requireIntegrations(): boolean {
  return process.env.REQUIRE_INTEGRATIONS === "1";
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A reason to skip browser tests, or null when Chromium is here (or is required). */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM_PATH) || requireIntegrations()) return null;
  return `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`;
}
