import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runAgent } from "@/lib/agent/agent.ts";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { kvmDomainXml } from "@/lib/hypervisor/domain-templates.ts";
import { createSimulatedHypervisor } from "@/lib/hypervisor/simulated/simulated-hypervisor.ts";
import { claimedAction } from "../support/fake-provider.ts";
import { localHttpServer } from "../support/local-http.ts";

// Two actions for one server, one after the other: the dashboard hands out the second as soon as the
// first has ended, and the agent may claim it while it still sends the report that follows the
// first. The second action's lease ticks from its claim, so its run must not wait for that report,
// however slow the dashboard is to answer it: a lease that lapses meanwhile costs the customer one
// of the action's attempts, and with a few such lapses the action ends in error.

/** How long the dashboard holds the report after the first action, unless the second action's first call comes sooner. */
const HOLD_REPORT_MS = 8_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A provider API that hands out `actions` one at a time, each once the one before has ended, and writes down what it was asked, in order. */
async function dashboardWith(actions: ClaimedAction[]) {
  const calls: string[] = [];
  const ended = new Set<string>();
  let handedOut = 0;
  let releaseHeldReport: (() => void) | undefined;
  const server = await localHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const json = (body: unknown) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      const url = request.url ?? "";
      const actionId = /^\/api\/provider\/v1\/actions\/([^/]+)\//.exec(url)?.[1];
      const which = actions.findIndex((action) => action.id === actionId);
      if (url === "/api/provider/v1/report") {
        // The first report after the first action ended is slow to answer: it is held until the
        // second action's first call arrives (at once if it came already), or for HOLD_REPORT_MS.
        if (ended.has(actions[0]?.id ?? "") && !calls.includes("report after first")) {
          calls.push("report after first");
          const answer = () => {
            calls.push("report after first answered");
            json({ recorded: 0, ignored: 0 });
          };
          if (calls.includes("second's first call")) return answer();
          const timer = setTimeout(answer, HOLD_REPORT_MS);
          releaseHeldReport = () => {
            clearTimeout(timer);
            answer();
          };
          return;
        }
        json({ recorded: 0, ignored: 0 });
      } else if (url === "/api/provider/v1/actions/claim") {
        const next = actions[handedOut];
        if (next && ended.size === handedOut) {
          handedOut++;
          calls.push(`claimed ${handedOut}`);
          json({ actions: [next] });
        } else {
          setTimeout(() => json({ actions: [] }), 100);
        }
      } else if (url.endsWith("/progress") && which >= 0) {
        if (which === 1 && !calls.includes("second's first call")) {
          calls.push("second's first call");
          releaseHeldReport?.();
        }
        json({ ok: true });
      } else if (url.endsWith("/complete") && which >= 0) {
        const action = actions[which] as ClaimedAction;
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { status: "success" | "error" };
        ended.add(action.id);
        calls.push(`completed ${which + 1} (${body.status})`);
        const now = new Date().toISOString();
        json({
          action: {
            ...{ id: action.id, serverId: action.server.id, command: action.command, status: body.status, progress: 100 },
            ...{ steps: [], error: null, createdAt: now, startedAt: now, finishedAt: now, hostUnresponsiveSince: null },
          },
        });
      } else {
        response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "not_found", message: "No such API endpoint" } }));
      }
    });
  });
  cleanups.push(server.close);
  return { baseUrl: server.baseUrl, calls };
}

describe("an agent given a server's next action while it reports on the last one", () => {
  it("starts the next action at once, without waiting for that report's answer", { timeout: 30_000 }, async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "agent-same-server-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const hypervisor = createSimulatedHypervisor({ uri: "simulated:///same-server-node", dataDir });
    await hypervisor.defineXml(kvmDomainXml({ name: "vps-web", memoryMiB: 1024, vcpus: 1, ballooning: true }));
    await hypervisor.start("vps-web");
    // Two restarts of the same server, one after the other.
    const restart = () => claimedAction("restart", { mode: "force" }, { domainName: "vps-web", ttlMs: 30_000 });
    const first = restart();
    const second = restart();
    second.server = first.server;
    const dashboard = await dashboardWith([first, second]);

    const stop = new AbortController();
    const agent = runAgent({ baseUrl: dashboard.baseUrl, token: "agent-token", hypervisor, reportEveryMs: 60_000, claimWaitMs: 1_000, pollMs: 50, signal: stop.signal });
    cleanups.push(async () => {
      stop.abort();
      await agent;
    });

    await vi.waitFor(() => expect(dashboard.calls).toEqual(expect.arrayContaining(["completed 2 (success)", "report after first answered"])), { timeout: 25_000, interval: 100 });
    // The second action ran while the report after the first was still unanswered, and released it.
    const { calls } = dashboard;
    expect(calls.indexOf("second's first call")).toBeGreaterThan(calls.indexOf("claimed 2"));
    expect(calls.indexOf("second's first call")).toBeLessThan(calls.indexOf("report after first answered"));
    expect(await hypervisor.domainState("vps-web")).toBe("running");
  });
});
