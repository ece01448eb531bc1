import { randomBytes } from "node:crypto";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import pg from "pg";

// The embedded PostgreSQL's superuser password. Its port is in `ps` for every local user to see, so
// the password is what keeps them out: a random one per cluster, in a file beside it that only its
// owner reads.

/** What every embedded cluster was given before it got a password of its own; it is in the git history. */
const FORMER_FIXED_PASSWORD = "dashboard-local";
const WRONG_PASSWORD = "28P01";

export function passwordFileOf(dataDir: string): string {
  return `${dataDir}.password`;
}

/** The cluster's password from its file, or a new random one written to a new file (0600). */
export async function clusterPassword(file: string): Promise<string> {
  const kept = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (kept === undefined) {
    const password = randomBytes(32).toString("base64url");
    await writeFile(file, `${password}\n`, { mode: 0o600, flag: "wx" });
    return password;
  }
  // A copy restored with a looser mode is closed again.
  if ((await stat(file)).mode & 0o077) await chmod(file, 0o600);
  if (!kept.trim()) throw new Error(`${file} is empty: it should hold the embedded PostgreSQL's password.`);
  return kept.trim();
}

type Login = { port: number; user: string; password: string; passwordFile: string; log: (line: string) => void };

/**
 * A superuser connection with the cluster's password. A cluster made before passwords were random
 * refuses it and still takes the fixed one: that one is replaced here by the password in the file,
 * so an upgrade keeps its data and the published password stops working.
 */
export async function connectAsSuperuser({ port, user, password, passwordFile, log }: Login): Promise<pg.Client> {
  const connect = async (secret: string) => {
    const client = new pg.Client({ host: "127.0.0.1", port, user, password: secret, database: "postgres" });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if ((error as { code?: string }).code === WRONG_PASSWORD) return undefined;
      throw error;
    }
  };
  const client = await connect(password);
  if (client) return client;

  const former = await connect(FORMER_FIXED_PASSWORD);
  if (!former) throw new Error(`The embedded PostgreSQL refuses the password in ${passwordFile}, which was not written for this cluster.`);
  try {
    await former.query(`ALTER ROLE ${pg.escapeIdentifier(user)} PASSWORD ${pg.escapeLiteral(password)}`);
  } finally {
    await former.end();
  }
  log(`the embedded PostgreSQL's fixed password was replaced by a random one, kept in ${passwordFile}`);
  const renewed = await connect(password);
  if (!renewed) throw new Error(`The embedded PostgreSQL refuses the password it was just given (${passwordFile}).`);
  return renewed;
}
