import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runAgent } from "@/lib/agent/agent.ts";
import { createSimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { localHttpServer } from "../support/local-http.ts";

// An agent that starts before its dashboard answers (a node booting faster than the dashboard, or
// the quick start, where the agent starts first) is seen as soon as the dashboard is up: a failed
// report is tried again within seconds, not at the next round, which is a minute here.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  // The agent first, then what it talks to.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A provider API that is down (503) for its first `downFor` reports, then records them. */
async function dashboardComingUp(downFor: number) {
  const reports: number[] = [];
  const server = await localHttpServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const json = (status: number, body: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (request.url === "/api/provider/v1/report") {
        reports.push(Date.now());
        if (reports.length <= downFor) json(503, { error: { code: "unavailable", message: "Starting up" } });
        else json(200, { recorded: 0, ignored: 0 });
      } else if (request.url === "/api/provider/v1/actions/claim") {
        setTimeout(() => json(200, { actions: [] }), 500);
      } else {
        json(404, { error: { code: "not_found", message: "No such API endpoint" } });
      }
    });
  });
  cleanups.push(server.close);
  return { baseUrl: server.baseUrl, reports };
}

describe("an agent whose dashboard is not answering yet", () => {
  it("reports again soon after a failed report, long before its next round", async () => {
    const dashboard = await dashboardComingUp(2);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "agent-retry-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const stop = new AbortController();
    const hypervisor = createSimulatedHypervisor({ uri: "simulated:///retry-node", dataDir });
    const agent = runAgent({ baseUrl: dashboard.baseUrl, token: "agent-token", hypervisor, reportEveryMs: 60_000, signal: stop.signal });
    cleanups.push(async () => {
      stop.abort();
      await agent;
    });

    // Two refused, then the first that gets through: all well inside one 60 s round.
    await vi.waitFor(() => expect(dashboard.reports).toHaveLength(3), { timeout: 20_000, interval: 100 });
    // Recorded once, it waits the whole round again: no fourth report comes at the retry's pace.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(dashboard.reports).toHaveLength(3);
  });
});
