import { describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client.ts";
import { hostMemoryLedger } from "@/lib/hosts/memory-ledger.ts";
import { DEMO_LOGIN, SIMULATED_HOST } from "@/prisma/seed.ts";
import { seededDashboardInChromium, signIn } from "../support/browser-dashboard.ts";
import { browserSkipReason } from "../support/integrations.ts";

// Guaranteed memory is admitted: when the host has no room left to guarantee a server's plan, the
// customer who turns on "Disable ballooning" reads why, by the switch, in Chromium; the switch
// stays off and nothing is queued. Saved at a laptop's 1366 px and a phone's 390 px.

const skipReason = browserSkipReason();
const WAIT = { timeout: 60_000 };

describe.skipIf(skipReason)(`a refused "Disable ballooning" in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = seededDashboardInChromium("ballooning-refused", {}, { width: 1366, height: 900 });

  it("says in place that the host cannot guarantee the memory, keeps ballooning on and queues nothing", { timeout: 180_000 }, async () => {
    const { page } = dashboard;
    // The operator keeps all of the demo host's memory that is not reserved yet as its headroom.
    const prisma = createPrismaClient(dashboard.databaseUrl);
    try {
      const host = await prisma.host.findUniqueOrThrow({ where: { name: SIMULATED_HOST.name } });
      const ledger = await hostMemoryLedger(host.id, prisma);
      if (!ledger || ledger.physicalMiB === null) throw new Error("the demo host's agent has not reported its memory");
      await prisma.host.update({ where: { id: host.id }, data: { memoryHeadroomMiB: ledger.physicalMiB - ledger.reservedMiB } });

      await signIn(page, DEMO_LOGIN);
      await page.getByRole("table").getByRole("link", { name: "web-frontend-01" }).click();
      await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
      const serverId = page.url().split("/").at(-1) ?? "";
      await page.getByRole("navigation", { name: "Server sections" }).getByRole("link", { name: "Settings" }).click();
      await page.waitForURL(/\/settings$/);

      const toggle = page.getByRole("switch", { name: "Disable ballooning" });
      await expect.poll(() => toggle.getAttribute("aria-checked"), WAIT).toBe("false");
      await toggle.click();
      await page.getByRole("dialog").getByRole("button", { name: "Restart now" }).click();

      const refusal = page.getByRole("alert").filter({ hasText: "guaranteed memory is not available" });
      await expect.poll(() => refusal.isVisible(), WAIT).toBe(true);
      expect(await refusal.innerText()).toMatch(/no room left to guarantee its full 4 GiB of memory\. Keep ballooning on, or contact support to move the server/);
      expect(await page.getByRole("dialog").count()).toBe(0);
      expect(await toggle.getAttribute("aria-checked")).toBe("false");
      expect(await page.getByRole("list", { name: "Steps" }).count()).toBe(0);
      expect(await prisma.action.count({ where: { serverId } })).toBe(0);
      expect(await prisma.server.findUniqueOrThrow({ where: { id: serverId } })).toMatchObject({ ballooningEnabled: true });
      expect(await prisma.auditEvent.count({ where: { serverId, kind: "server.guaranteed_memory_refused" } })).toBe(1);

      await refusal.scrollIntoViewIfNeeded();
      await dashboard.shot("ballooning-refused-1366");
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => refusal.isVisible(), WAIT).toBe(true);
      await dashboard.shot("ballooning-refused-390");

      await refusal.getByRole("button", { name: "Dismiss" }).click();
      expect(await refusal.count()).toBe(0);
    } finally {
      await prisma.$disconnect();
    }
  });
});
