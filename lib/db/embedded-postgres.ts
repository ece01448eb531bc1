import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { clusterPassword, connectAsSuperuser, passwordFileOf } from "./embedded-password.ts";
import { binaryDirectory, initCluster, startServer } from "./postgres-server.ts";
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

/**
 * Starts the cluster (initialised on first use) in a process group of its own: a terminal's Ctrl-C
 * does not reach it, and it runs until `stop()`, which the caller calls once nothing needs it.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<RunningDatabase> {
  const { dataDir, databaseName = "dashboard", log = () => undefined } = options;
  const port = options.port ?? (await freePort());
  await mkdir(path.dirname(dataDir), { recursive: true });
  // The data folder itself belongs to the postgres user (0700); the folders leading to it must let it pass.
  await letPostgresUserReach([path.dirname(dataDir), binaryDirectory()]);
  const passwordFile = passwordFileOf(dataDir);
  const password = await clusterPassword(passwordFile);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initCluster({ dataDir, user: USER, password });

  const server = await startServer({ dataDir, port, flags: ["-c", "listen_addresses=127.0.0.1"] });
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
  return { url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}`, stop: server.stop };
}

/**
 * The embedded cluster in `dataDir` if a server runs on it now (`npm start` started it): its URL,
 * from the port in PostgreSQL's own postmaster.pid and the password file beside the cluster. Null
 * when none runs, so the caller starts one.
 */
export async function runningEmbeddedPostgres({ dataDir, databaseName = "dashboard" }: { dataDir: string; databaseName?: string }): Promise<string | null> {
  const pidFile = await readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => null);
  // Line 1 is the server's process id, line 4 its port.
  const [pidLine, , , portLine] = pidFile?.split("\n") ?? [];
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || !processRuns(pid)) return null;
  const password = (await readFile(passwordFileOf(dataDir), "utf8")).trim();
  return `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${databaseName}`;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user (the postgres user, when the dashboard runs as root).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
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
