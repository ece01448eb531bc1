// `npm start` (and `npm run dev` with --dev): everything the dashboard needs, in order.
// 1. the database (embedded PostgreSQL unless DATABASE_URL is set), 2. migrations, 3. the demo seed
// when the database is empty and is the embedded one or --demo asks (never with NODE_ENV=production,
// which refuses a database holding the demo accounts), 4. a production build when sources changed, 5. the Next.js server,
// 6. a built-in host agent for each simulated host, started again if it dies
//    (set DASHBOARD_BUILTIN_AGENTS=0 to run none),
// 7. the memory-metrics maintenance (roll-ups, pruning) every five minutes
//    (DASHBOARD_MEMORY_MAINTENANCE=0 leaves it to another instance).
// Its lines, the app's and the agents' share one shape: JSON on stdout, or `[dashboard] …` in a
// terminal (LOG_FORMAT, LOG_LEVEL; lib/observability). The children write to the same stdout.
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { migrateDatabase } from "../lib/db/migrate.ts";
import { dataDirectory } from "../lib/data-directory.ts";
import { openDatabase } from "../lib/db/open-database.ts";
import { resolveSessionSecret } from "../lib/auth/local-secret.ts";
import { db } from "../lib/db/client.ts";
import { supervise, type Supervised } from "../lib/agent/supervisor.ts";
import { issueAgentToken } from "../lib/hosts/agent-token.ts";
import { provisionSimulatedHosts } from "../lib/hosts/provision-simulated-hosts.ts";
import { runMemoryMaintenance } from "../lib/metrics/maintenance.ts";
import { asLog, createLogger } from "../lib/observability/logger.ts";
import { needsBuild } from "./build-state.ts";
import { spawnInOwnGroup, stopGroup } from "./process-group.ts";
import { prepareDemoData } from "./demo-data.ts";

const dev = process.argv.includes("--dev");
const demo = process.argv.includes("--demo");
const root = process.cwd();
const nextBin = path.join(root, "node_modules", ".bin", "next");
const log = asLog(createLogger("dashboard"));

// Ctrl-C (SIGINT to the terminal's whole foreground group), SIGTERM and SIGHUP reach the launcher
// alone: its children run in process groups of their own (process-group.ts). It stops them in order:
// the host agents while the app still answers them, then Next.js (it finishes open requests) while
// the database still answers it, then the database; then it exits 0.
const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const APP_STOP_GRACE_MS = 15_000;
let running: ChildProcess | undefined;
const agents: Supervised[] = [];
let stopRequested = false;
for (const signal of STOP_SIGNALS) {
  process.on(signal, () => {
    if (stopRequested) return;
    stopRequested = true;
    log(`${signal}: stopping the host agents, then the app, then the database`);
    void stopAgents().then(() => {
      if (running) void stopGroup(running, APP_STOP_GRACE_MS, () => log(`the app did not stop within ${APP_STOP_GRACE_MS / 1000} s; stopping it at once`, { level: "warn" }));
    });
  });
}

async function main(): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.NEXTAUTH_SECRET = await resolveSessionSecret(dataDirectory());
  // Without a configured public URL, next-auth builds its URLs from the request's Host header.
  if (!env.NEXTAUTH_URL) env.AUTH_TRUST_HOST ??= "true";
  env.NEXT_TELEMETRY_DISABLED ??= "1";

  const database = await openDatabase(log);
  log(database.embedded ? `embedded PostgreSQL at ${redact(database.url)}` : `PostgreSQL at ${redact(database.url)}`);
  env.DATABASE_URL = database.url;
  process.env.DATABASE_URL = database.url;
  const stopDatabase = once(() => database.stop());

  try {
    const applied = await migrateDatabase(database.url);
    log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
    await prepareDemoData({ url: database.url, embedded: database.embedded, requested: demo, production: process.env.NODE_ENV === "production", log });

    if (!stopRequested && !dev && needsBuild()) {
      log("building the dashboard (sources changed since the last build)…");
      const code = await run(nextBin, ["build"], env);
      if (code !== 0) return code;
    }

    if (stopRequested) return 0;
    const port = env.PORT ?? "3000";
    if (env.DASHBOARD_BUILTIN_AGENTS !== "0") await startBuiltInAgents({ ...env, DASHBOARD_URL: `http://127.0.0.1:${port}` });
    if (stopRequested) return 0;
    log(`serving on http://localhost:${port}`);
    const maintenance = env.DASHBOARD_MEMORY_MAINTENANCE === "0" ? undefined : scheduleMemoryMaintenance();
    try {
      const code = await run(nextBin, [dev ? "dev" : "start", "--port", port], env);
      log(stopRequested ? "app stopped" : `the app exited with code ${code}`, stopRequested ? {} : { level: "error", exitCode: code });
      return code;
    } finally {
      await maintenance?.stop();
    }
  } finally {
    await stopAgents();
    await db().$disconnect().catch(() => undefined);
    await stopDatabase();
    if (database.embedded) log("database stopped");
  }
}

const MAINTENANCE_EVERY_MS = 5 * 60_000;

/**
 * Rolls up and prunes memory samples now and every five minutes; idempotent, so many instances may.
 * `stop()` waits for a run under way, which needs the database.
 */
function scheduleMemoryMaintenance(): { stop: () => Promise<void> } {
  let current: Promise<void> = Promise.resolve();
  const runOnce = () => {
    current = runMemoryMaintenance().then(
      () => undefined,
      (error: unknown) => log(`memory maintenance failed: ${error instanceof Error ? error.message : String(error)}`, { level: "warn", err: error }),
    );
  };
  runOnce();
  const timer = setInterval(runOnce, MAINTENANCE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return current;
    },
  };
}

/**
 * One agent process per simulated host, each with a freshly issued token, kept running: one that
 * dies is started again (its unfinished action resumes once its lease runs out).
 */
async function startBuiltInAgents(env: NodeJS.ProcessEnv): Promise<void> {
  const created = await provisionSimulatedHosts({ dataDir: dataDirectory() });
  if (created.length) log(`simulated domains defined and started: ${created.join(", ")}`);
  const hosts = await db().host.findMany({ where: { hypervisorUri: { startsWith: "simulated:" } } });
  for (const host of hosts) {
    const token = await issueAgentToken(host.name);
    // A stop under way has taken its list of agents to stop.
    if (stopRequested) return;
    const agentEnv = { ...env, AGENT_TOKEN: token };
    const args = ["--import", "tsx", "scripts/agent.ts", "--host", host.name, "--uri", host.hypervisorUri];
    agents.push(supervise({ name: `host agent for ${host.name} (${host.hypervisorUri})`, spawn: () => spawnInOwnGroup(process.execPath, args, agentEnv), log }));
  }
}

/** Agents finish the action they are running; after 60 s they are stopped regardless. Once. */
const stopAgents = once(async () => {
  if (!agents.length) return;
  await Promise.all(agents.map((agent) => agent.stop(60_000)));
  log("host agents stopped");
});

/** Runs a command to its end; a stop asked of the launcher stops it and counts as success. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (stopRequested) return Promise.resolve(0);
  return new Promise((resolve) => {
    const child = spawnInOwnGroup(command, args, env);
    running = child;
    const ended = (code: number | null) => {
      running = undefined;
      resolve(stopRequested ? 0 : (code ?? 1));
    };
    child.once("exit", ended);
    child.once("error", (error) => {
      log(`${path.basename(command)} did not start: ${error.message}`, { level: "error", err: error });
      ended(1);
    });
  });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`could not start: ${error instanceof Error ? error.message : String(error)}`, { level: "error", err: error });
    process.exit(1);
  },
);
