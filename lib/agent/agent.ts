import { randomUUID } from "node:crypto";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import { ProviderClient } from "./provider-client.ts";
import { DomainReporter } from "./report-loop.ts";
import { runAction } from "./run-action.ts";
import { runReinstall, type ReinstallOptions } from "./run-reinstall.ts";

// The host agent: one per hypervisor node. It long-polls the dashboard for its host's actions and
// runs them one at a time, and every few seconds reports what its domains really run with and how
// they use memory. Failures of the dashboard or the host are logged and retried, never fatal.

export type AgentOptions = ReinstallOptions & {
  baseUrl: string;
  token: string;
  hypervisor: Hypervisor;
  reportEveryMs?: number;
  /** How long one claim may wait for work (the long poll). */
  claimWaitMs?: number;
  signal?: AbortSignal;
};

export async function runAgent(options: AgentOptions): Promise<void> {
  const { baseUrl, token, hypervisor, reportEveryMs = 10_000, claimWaitMs = 25_000, signal, log = console.log } = options;
  const client = new ProviderClient(baseUrl, token, signal);
  const reporter = new DomainReporter(hypervisor);
  const agentId = randomUUID().slice(0, 8);
  log(`agent ${agentId} for ${hypervisor.uri} reporting to ${baseUrl}`);

  const report = async () => {
    const domains = await reporter.buildReport();
    await client.report(domains);
  };

  const reportLoop = async () => {
    while (!signal?.aborted) {
      await report().catch((error: unknown) => log(`report failed: ${message(error)}`));
      await sleep(reportEveryMs, signal);
    }
  };

  const workLoop = async () => {
    let backoffMs = 1_000;
    while (!signal?.aborted) {
      try {
        const [action] = await client.claim({ max: 1, waitMs: claimWaitMs });
        backoffMs = 1_000;
        if (!action) continue;
        log(`claimed ${action.command} ${action.id} for ${action.server.domainName} (attempt ${action.attempt})`);
        // An action runs to its end even when a stop is asked: it must not be left half-done.
        const run = action.command === "reinstall" ? runReinstall : runAction;
        reporter.beginChange(action.server.domainName);
        try {
          await run(action, hypervisor, new ProviderClient(baseUrl, token), { ...options, log });
        } finally {
          reporter.endChange(action.server.domainName);
        }
        await report().catch(() => undefined);
      } catch (error) {
        if (signal?.aborted) break;
        log(`claim failed: ${message(error)}; retrying in ${backoffMs / 1000} s`);
        await sleep(backoffMs, signal);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  };

  await Promise.all([reportLoop(), workLoop()]);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
