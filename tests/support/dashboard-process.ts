import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, inject } from "vitest";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { needsBuild } from "../../scripts/build-state.ts";

// Runs the dashboard exactly as `npm start` does (scripts/start.ts: database, migrations, the demo
// seed where it applies, build when needed, Next.js) on a free port, for tests that need the whole thing.

export type RunningDashboard = {
  baseUrl: string;
  /** The launcher's; with ownProcessGroup, also its process group's id. */
  pid: number;
  output: () => string;
  /** The launcher's exit code, once it has exited and its output is all read. */
  exited: Promise<number | null>;
  stop: () => Promise<number | null>;
};

export type LaunchOptions = {
  /** Given to the launcher as `npm start -- <args>` passes them (--demo). */
  args?: string[];
  /** Starts the launcher in a process group of its own, as a terminal runs `npm start`, for signals sent to the group. */
  ownProcessGroup?: boolean;
};

const READY_TIMEOUT_MS = 360_000;

/**
 * `env` replaces the test worker's DATABASE_URL and NEXTAUTH_SECRET: pass them to keep them.
 * NODE_ENV is dropped too (vitest sets it to "test"), so Next picks its own as in production, and
 * LOG_LEVEL and LOG_FORMAT (setup-env.ts), so it logs as in production: JSON lines (log-records.ts).
 */
export async function startDashboard(env: Record<string, string>, options: LaunchOptions = {}): Promise<RunningDashboard> {
  const { child, baseUrl, output, closed } = await launch(env, options);
  await waitUntilServing(child, baseUrl, output);
  return { baseUrl, pid: child.pid ?? 0, output, exited: closed.then(() => child.exitCode), stop: () => stop(child) };
}

/**
 * For a launcher that should refuse to start: how it exited and what it said. One that serves instead
 * is stopped, and `served` says so.
 */
export async function dashboardRefusal(env: Record<string, string>, options: LaunchOptions = {}): Promise<{ code: number | null; output: string; served: boolean }> {
  const { child, baseUrl, output, closed } = await launch(env, options);
  try {
    await waitUntilServing(child, baseUrl, output);
  } catch {
    await closed;
    return { code: child.exitCode, output: output(), served: false };
  }
  await stop(child);
  return { code: child.exitCode, output: output(), served: true };
}

async function launch(env: Record<string, string>, { args = [], ownProcessGroup = false }: LaunchOptions) {
  await buildDashboard();
  const port = await freePort();
  // Local state (the simulated host, a generated secret) goes to a folder of the test's own.
  const dataDir = env.DASHBOARD_DATA_DIR ?? (await mkdtemp(path.join(os.tmpdir(), "dashboard-run-")));
  await chmod(dataDir, 0o755);
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["DATABASE_URL", "NEXTAUTH_SECRET", "NODE_ENV", "LOG_LEVEL", "LOG_FORMAT"]) delete childEnv[key];
  // Every answer is checked against its route's contract (lib/api/contract-check.ts): a breach is a 500 the tests see.
  Object.assign(childEnv, { API_CONTRACT_CHECKS: "on" }, env, { PORT: String(port), DASHBOARD_DATA_DIR: dataDir });
  // As package.json's start script does: one node process, so signals reach the launcher directly.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", ...args], { env: childEnv, stdio: ["ignore", "pipe", "pipe"], detached: ownProcessGroup });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // After "close" its output is all read; "exit" may come before.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => output, closed };
}

async function waitUntilServing(child: ChildProcess, baseUrl: string, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The dashboard exited with ${child.exitCode ?? child.signalCode}:\n${output()}`);
    const answered = await fetch(`${baseUrl}/login`, { redirect: "manual" }).then(
      (response) => response.status < 500,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill("SIGKILL");
  throw new Error(`The dashboard did not answer within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", (code) => {
      clearTimeout(force);
      resolve(code);
    });
    child.kill("SIGTERM");
  });
}

/**
 * Test files start dashboards in parallel; the first builds the app (when its sources changed) while
 * the others wait on a lock, so two builds never write to .next at once. A test that starts dashboards
 * inside its own time limit calls this first, in a beforeAll.
 */
export async function buildDashboard(): Promise<void> {
  const lock = path.join(os.tmpdir(), "vps-dashboard-test-build.lock");
  for (let waited = 0; ; waited += 500) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (waited > READY_TIMEOUT_MS) throw new Error(`Timed out waiting for the build lock ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (!needsBuild()) return;
    // Without vitest's NODE_ENV=test, which would make Next build in a non-standard mode.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "NODE_ENV"));
    env.NEXT_TELEMETRY_DISABLED = "1";
    const result = spawnSync(path.join("node_modules", ".bin", "next"), ["build"], { env: env as NodeJS.ProcessEnv, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * For test files that run host agents themselves: a dashboard on the run's test database, without
 * built-in agents, with 3 s leases (a lost agent is noticed quickly) and a data folder of its own.
 * Registers its own beforeAll/afterAll; read `app` and `dataDir` inside tests.
 */
export function dashboardForAgentTests(label: string): { app: RunningDashboard; dataDir: string } {
  const fixture = {} as { app: RunningDashboard; dataDir: string };
  beforeAll(async () => {
    fixture.dataDir = await mkdtemp(path.join(os.tmpdir(), `${label}-`));
    await chmod(fixture.dataDir, 0o755);
    // No --demo: these tests make their own hosts and servers.
    fixture.app = await startDashboard({
      DATABASE_URL: inject("databaseUrl"),
      NEXTAUTH_SECRET: `${label}-test`,
      DASHBOARD_BUILTIN_AGENTS: "0",
      // The run's database is shared with other test files, whose memory data it must not roll up or prune.
      DASHBOARD_MEMORY_MAINTENANCE: "0",
      ACTION_LEASE_MS: "3000",
      DASHBOARD_DATA_DIR: fixture.dataDir,
    });
  });
  afterAll(async () => {
    await fixture.app?.stop();
    if (fixture.dataDir) await rm(fixture.dataDir, { recursive: true, force: true });
  });
  return fixture;
}
