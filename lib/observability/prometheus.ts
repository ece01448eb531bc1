import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { COMMANDS } from "@/lib/actions/commands/index.ts";
import { databasePoolUse } from "@/lib/db/client.ts";
import { readFleetFigures, type ActionGroup, type HostSilence } from "./fleet-figures.ts";

// The metrics `/metrics` serves in Prometheus's text format (docs/observability.md lists them).
// What must agree across app instances (actions, the queue, the hosts' silence) is read from the
// database at each scrape, so every instance tells the same; what belongs to one instance (its
// requests' latency, its connection pool, its process) is its own, as Prometheus expects.

const ENDED = ["success", "error"] as const;
const ACTIVE = ["queued", "running"] as const;

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const pool = (read: (use: NonNullable<ReturnType<typeof databasePoolUse>>) => number) =>
    function (this: Gauge) {
      const use = databasePoolUse();
      if (use) this.set(read(use));
    };
  return {
    registry,
    requestDuration: new Histogram({
      name: "vps_http_request_duration_seconds",
      help: "API requests answered by this instance, by method, route (its path template) and status. The agents' claim is a long poll of up to 25 s.",
      labelNames: ["method", "route", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    // Counted in the database at each scrape rather than incremented here: each instance reports the
    // fleet's total (aggregate with max, not sum), and it never resets when an instance restarts.
    actionsEnded: new Counter({
      name: "vps_actions_total",
      help: "Actions that have ended, by command and status (success or error), as the database counts them.",
      labelNames: ["command", "status"] as const,
      registers,
    }),
    actionErrors: new Counter({
      name: "vps_action_errors_total",
      help: "Actions that ended in error, by command and error code (rolled_back, not_applied, rollback_failed, agent_lost, …).",
      labelNames: ["command", "code"] as const,
      registers,
    }),
    actionsActive: new Gauge({ name: "vps_actions_active", help: "Actions queued or running now, by command and status.", labelNames: ["command", "status"] as const, registers }),
    oldestQueued: new Gauge({ name: "vps_action_queue_oldest_age_seconds", help: "How long the oldest queued action has waited; 0 when none waits.", registers }),
    hostReportAge: new Gauge({
      name: "vps_host_report_age_seconds",
      help: "Seconds since each host's agent last reported; +Inf for a host whose agent never has.",
      labelNames: ["host"] as const,
      registers,
    }),
    poolOpen: new Gauge({ name: "vps_db_pool_connections", help: "This instance's open database connections.", registers, collect: pool((use) => use.total) }),
    poolIdle: new Gauge({ name: "vps_db_pool_idle_connections", help: "This instance's open database connections not in use.", registers, collect: pool((use) => use.idle) }),
    poolMax: new Gauge({ name: "vps_db_pool_max_connections", help: "The most database connections this instance opens (DATABASE_POOL_SIZE).", registers, collect: pool((use) => use.max) }),
    poolWaiting: new Gauge({ name: "vps_db_pool_waiting_queries", help: "Queries of this instance waiting for a free database connection.", registers, collect: pool((use) => use.waiting) }),
  };
}

type Metrics = ReturnType<typeof createMetrics>;

// On globalThis: one registry however many times Next loads this module, or requests would be
// counted in one copy and served from another.
const cache = globalThis as unknown as { vpsMetrics?: Metrics };

export function metrics(): Metrics {
  cache.vpsMetrics ??= createMetrics();
  return cache.vpsMetrics;
}

/** Every metric in Prometheus's text format, the database's figures read now. */
export async function renderMetrics(): Promise<{ text: string; contentType: string }> {
  const all = metrics();
  const { actions, hosts } = await readFleetFigures();
  showActions(all, actions);
  showHosts(all, hosts);
  return { text: await all.registry.metrics(), contentType: all.registry.contentType };
}

function showActions(all: Metrics, groups: ActionGroup[]): void {
  for (const metric of [all.actionsEnded, all.actionErrors, all.actionsActive]) metric.reset();
  // Every command's series exist from the start, at 0: a rate sees the first failure as an increase.
  for (const command of Object.keys(COMMANDS)) {
    for (const status of ENDED) all.actionsEnded.inc({ command, status }, 0);
    for (const status of ACTIVE) all.actionsActive.set({ command, status }, 0);
  }
  let oldestQueued = 0;
  for (const { command, status, errorCode, count, oldestSeconds } of groups) {
    if (status === "success" || status === "error") all.actionsEnded.inc({ command, status }, count);
    if (status === "error") all.actionErrors.inc({ command, code: errorCode ?? "failed" }, count);
    if (status === "queued" || status === "running") all.actionsActive.inc({ command, status }, count);
    if (status === "queued") oldestQueued = Math.max(oldestQueued, oldestSeconds);
  }
  all.oldestQueued.set(oldestQueued);
}

function showHosts(all: Metrics, hosts: HostSilence[]): void {
  all.hostReportAge.reset();
  for (const { name, reportAgeSeconds } of hosts) all.hostReportAge.set({ host: name }, reportAgeSeconds ?? Infinity);
}
