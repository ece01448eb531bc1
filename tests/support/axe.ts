import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as Axe from "axe-core";
import type { Page } from "playwright-core";

// axe-core in the page under test. Its source is evaluated through the DevTools protocol: a <script>
// the test added would break the page's own Content-Security-Policy.

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export type AxeViolation = { id: string; impact: string | null | undefined; help: string; nodes: string[] };

/** The page's serious and critical accessibility violations, as axe-core finds them. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof Axe }).axe;
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.slice(0, 5).map((node) => node.target.join(" ")) }));
  });
  return violations.filter(({ impact }) => impact === "serious" || impact === "critical");
}
