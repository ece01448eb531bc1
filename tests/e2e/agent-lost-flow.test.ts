import { describe, expect, it } from "vitest";
import { createSimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { DEMO_LOGIN, SIMULATED_HOST } from "@/prisma/seed.ts";
import { seededDashboardInChromium, signIn } from "../support/browser-dashboard.ts";
import { browserSkipReason } from "../support/integrations.ts";
import { logRecords } from "../support/log-records.ts";

// `npm start`'s built-in agent dies (SIGKILL) while it shuts a customer's server down. The launcher
// starts it again; while no agent holds the change, the customer's page says the host is not
// responding and for how long; then the new agent resumes the change where it stopped, restarting
// the server exactly once. Leases are 12 s here, so the wait is short but long enough to see.

const skipReason = browserSkipReason();
const WAIT = { timeout: 90_000, interval: 250 };

describe.skipIf(skipReason)(`a built-in agent killed mid-change, in Chromium${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
  const dashboard = seededDashboardInChromium("agent-lost", { ACTION_LEASE_MS: "12000" });

  /** The launcher's lines about its built-in agent for sim-fra1-01 (lib/agent/supervisor.ts). */
  const agentLines = () => logRecords(dashboard.app.output()).filter((record) => record.name === "dashboard" && String(record.process).startsWith("host agent for sim-fra1-01 "));

  /** The pid of the built-in agent the launcher started last. */
  function agentPid(): number {
    const pid = Number(agentLines().findLast((record) => / started \(pid \d+\)$/.test(record.msg))?.childPid);
    if (!pid) throw new Error(`no agent pid in the launcher's output:\n${dashboard.app.output()}`);
    return pid;
  }

  it("says the host is not responding while no agent holds the change, then finishes it with one restart", { timeout: 240_000 }, async () => {
    const { page } = dashboard;
    const simulator = createSimulatedHypervisor({ uri: SIMULATED_HOST.hypervisorUri, dataDir: dashboard.dataDir });
    await signIn(page, DEMO_LOGIN);
    await page.setViewportSize({ width: 1366, height: 1000 });
    await page.getByRole("table").getByRole("link", { name: "web-frontend-01" }).click();
    await page.waitForURL(/\/servers\/[0-9a-f-]{36}$/);
    await page.getByRole("navigation", { name: "Server sections" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);
    const startsBefore = await simulator.startCount("vps-1001");

    await page.getByRole("switch", { name: "Disable ballooning" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Restart now" }).click();
    await expect.poll(() => page.getByText("Step 2 of 5: Shut down (clean)…").first().isVisible(), WAIT).toBe(true);
    const killed = agentPid();
    process.kill(killed, "SIGKILL");

    const silence = page.getByText(/The host has not responded for \d+\ss\. Nothing is lost: your change continues where it stopped as soon as the host is back\./).first();
    await expect.poll(() => silence.isVisible(), WAIT).toBe(true);
    expect(await page.getByText("Host not responding").first().isVisible()).toBe(true);
    await dashboard.shot("agent-lost-1366");
    await page.setViewportSize({ width: 390, height: 900 });
    await dashboard.shot("agent-lost-390");
    await page.setViewportSize({ width: 1366, height: 1000 });

    await expect.poll(() => page.getByText("Memory settings applied").first().isVisible(), WAIT).toBe(true);
    expect(await silence.isVisible()).toBe(false);
    await dashboard.shot("agent-lost-resumed");

    expect(agentLines().map((record) => record.msg)).toContainEqual(expect.stringMatching(/^host agent for sim-fra1-01 \S+ exited \(signal SIGKILL\); starting it again in 1 s$/));
    expect(agentLines().find((record) => record.signal === "SIGKILL")).toMatchObject({ level: "warn", childPid: killed, restartInMs: 1_000 });
    expect(agentPid()).not.toBe(killed);
    expect(await simulator.startCount("vps-1001")).toBe(startsBefore + 1);
    expect(await simulator.domainState("vps-1001")).toBe("running");
  });
});
