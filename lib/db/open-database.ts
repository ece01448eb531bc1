import path from "node:path";
import { dataDirectory } from "../data-directory.ts";
import { runningEmbeddedPostgres, startEmbeddedPostgres, type RunningDatabase } from "./embedded-postgres.ts";

/**
 * The database the dashboard runs on: the server DATABASE_URL names, or, when it is unset,
 * an embedded PostgreSQL in the data directory, started now and stopped by `stop()`.
 */
export async function openDatabase(log: (line: string) => void = () => undefined): Promise<RunningDatabase & { embedded: boolean }> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, stop: async () => undefined, embedded: false };
  const database = await startEmbeddedPostgres({ dataDir: path.join(dataDirectory(), "postgres"), log });
  return { ...database, embedded: true };
}

/**
 * For a command run beside the dashboard (`npm run ops`): DATABASE_URL; else the embedded database
 * `npm start` runs now, left running; else the embedded database, started for the command alone.
 */
export async function openDatabaseBeside(log: (line: string) => void = () => undefined): Promise<RunningDatabase & { embedded: boolean }> {
  if (!process.env.DATABASE_URL) {
    const running = await runningEmbeddedPostgres({ dataDir: path.join(dataDirectory(), "postgres") });
    if (running) return { url: running, stop: async () => undefined, embedded: true };
  }
  return openDatabase(log);
}
