import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from "@/lib/hypervisor/power-steps.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import type { KvmTemplateOptions } from "@/lib/images/catalogue.ts";
import type { Log } from "@/lib/observability/log-format.ts";
import type { LeaseOptions } from "./action-lease.ts";
import { ProviderClient } from "./provider-client.ts";
import { DomainReporter } from "./report-loop.ts";
import { runAction } from "./step-runner.ts";

// The host agent: one per hypervisor node. It long-polls the dashboard for its host's actions and
// runs up to `concurrency` of them side by side (never two for one server), and every few seconds
// reports what its domains really run with and how they use memory. Failures of the dashboard or
// the host are logged and retried, never fatal.

export type AgentOptions = LeaseOptions & {
  baseUrl: string;
  token: string;
  hypervisor: Hypervisor;
  /** Where containers live when it is not the host's own connection (lxc:/// beside qemu:///system). */
  lxcHypervisor?: Hypervisor;
  /** How this node defines KVM domains: domain type, network, disk. */
  template?: KvmTemplateOptions;
  reportEveryMs?: number;
  /** How long one claim may wait for work (the long poll). */
  claimWaitMs?: number;
  /** Actions run at once on this node, each for a different server. */
  concurrency?: number;
  /** How long a guest gets to shut down cleanly before the plug is pulled. */
  shutdownTimeoutMs?: number;
  /** The storage pool of the images' base volumes and the servers' disks (`default`). */
  imagePool?: string;
  /** How long a first boot keeps its cloud-init seed at most. */
  firstBootGraceMs?: number;
  pollMs?: number;
  /** How long one call to the dashboard may take before it counts as unanswered. */
  requestTimeoutMs?: number;
  hostRetryDelaysMs?: readonly number[];
  signal?: AbortSignal;
  /** Where the agent's lines go (command-line.ts writes them to stdout); nowhere when not given. */
  log?: Log;
};

/**
 * As many as libvirtd's own default worker pool (max_workers = 20 in libvirtd.conf): a node's
 * customers do not wait on each other, and libvirt is not asked for more than it runs at once.
 */
export const DEFAULT_CONCURRENCY = 20;

export async function runAgent(options: AgentOptions): Promise<void> {
  const { baseUrl, token, hypervisor, reportEveryMs = 10_000, claimWaitMs = 25_000, concurrency = DEFAULT_CONCURRENCY, signal, log = () => undefined } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a whole number of at least 1 (got ${concurrency})`);
  const requests = { timeoutMs: options.requestTimeoutMs };
  const client = new ProviderClient(baseUrl, token, { ...requests, stop: signal });
  // Actions run to their end even when a stop is asked (they must not be left half-done): their calls ignore the stop.
  const actionClient = new ProviderClient(baseUrl, token, requests);
  const reporter = new DomainReporter(hypervisor, options.imagePool);
  const host = {
    hypervisor,
    lxcHypervisor: options.lxcHypervisor ?? hypervisor,
    template: options.template ?? {},
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
    pollMs: options.pollMs,
    ...(options.imagePool === undefined ? {} : { imagePool: options.imagePool }),
    ...(options.firstBootGraceMs === undefined ? {} : { firstBootGraceMs: options.firstBootGraceMs }),
  };
  const agentId = randomUUID().slice(0, 8);
  log(`agent ${agentId} for ${hypervisor.uri} reporting to ${baseUrl}, up to ${concurrency} actions at once`, { agentId, uri: hypervisor.uri, concurrency });

  const report = coalesced(async () => client.report(await reporter.buildReport()));

  // A report that failed is tried again sooner than the next round, from 1 s doubling up to the
  // round: an agent started before its dashboard answers (a node's boot, the quick start) is seen,
  // with the node's memory that admission needs, within a second or two of the dashboard coming up.
  const reportLoop = async () => {
    let retryMs = 1_000;
    while (!signal?.aborted) {
      const sent = await report().then(
        () => true,
        (error: unknown) => {
          log(`report failed: ${messageOf(error)}`, { level: "warn" });
          return false;
        },
      );
      const waitMs = sent ? reportEveryMs : Math.min(retryMs, reportEveryMs);
      retryMs = sent ? 1_000 : Math.min(retryMs * 2, reportEveryMs);
      await sleep(waitMs, undefined, { signal }).catch(() => undefined);
    }
  };

  const running = new Set<Promise<void>>();
  /** The last action started for each server: one for the same server waits for it. */
  const lastForServer = new Map<string, Promise<void>>();

  const start = (action: ClaimedAction) => {
    const about = { actionId: action.id, serverId: action.server.id, command: action.command, domain: action.server.domainName };
    log(`claimed ${action.command} ${action.id} for ${action.server.domainName} (attempt ${action.attempt})`, { ...about, outcome: "claimed", attempt: action.attempt });
    const before = lastForServer.get(action.server.id) ?? Promise.resolve();
    const run = before.then(async () => {
      reporter.beginChange(action.server.domainName);
      try {
        await runAction(action, actionClient, { ...options, host, log });
      } catch (error) {
        log(`${action.command} ${action.id}: the runner failed: ${messageOf(error)}`, { ...about, level: "error", err: error });
      } finally {
        reporter.endChange(action.server.domainName);
      }
    });
    // The server's next action waits for this run only, not for the report after it: that action is
    // claimed already, and its lease has no heartbeat until its own run begins.
    lastForServer.set(action.server.id, run);
    const tracked = run
      .then(async () => {
        if (lastForServer.get(action.server.id) === run) lastForServer.delete(action.server.id);
        await report().catch(() => undefined);
      })
      .finally(() => running.delete(tracked));
    running.add(tracked);
  };

  const workLoop = async () => {
    let backoffMs = 1_000;
    while (!signal?.aborted) {
      if (running.size >= concurrency) {
        await Promise.race(running);
        continue;
      }
      try {
        const claimed = await client.claim({ max: concurrency - running.size, waitMs: claimWaitMs });
        backoffMs = 1_000;
        claimed.forEach(start);
      } catch (error) {
        if (signal?.aborted) break;
        log(`claim failed: ${messageOf(error)}; retrying in ${backoffMs / 1000} s`, { level: "warn" });
        await sleep(backoffMs, undefined, { signal }).catch(() => undefined);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
    await Promise.all(running);
  };

  await Promise.all([reportLoop(), workLoop()]);
}

/** One call at a time: a call while one runs waits for it, then one more run serves everyone who asked meanwhile. */
function coalesced<T>(work: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  let queued: Promise<T> | undefined;
  const call = (): Promise<T> => {
    if (!current) {
      current = work().finally(() => (current = undefined));
      return current;
    }
    queued ??= current
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return call();
      });
    return queued;
  };
  return call;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
