import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client.ts";
import { startEmbeddedPostgres, type RunningDatabase } from "@/lib/db/embedded-postgres.ts";
import { migrateDatabase } from "@/lib/db/migrate.ts";
import { hashPassword } from "@/lib/auth/password.ts";

// The password every embedded cluster had before each got a random one; it was in the source.
const FORMER_FIXED_PASSWORD = "dashboard-local";

let running: RunningDatabase | undefined;
const tempDirs: string[] = [];

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

afterAll(async () => {
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

/** A folder for a cluster; running as root, the package runs postgres as the `postgres` user, who must reach it. */
async function clusterFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "embedded-postgres-"));
  tempDirs.push(dir);
  await chmod(dir, 0o755);
  return dir;
}

/** How PostgreSQL answers a superuser login with `password`: "accepted", or its error code (28P01: wrong password). */
async function superuserLogin(url: string, password: string): Promise<string> {
  const { port } = new URL(url);
  const client = new pg.Client({ host: "127.0.0.1", port: Number(port), user: "dashboard", password, database: "postgres" });
  try {
    await client.connect();
    return "accepted";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe("startEmbeddedPostgres", () => {
  it("keeps its data across a stop and a start on the same folder", { timeout: 60_000 }, async () => {
    const dataDir = path.join(await clusterFolder(), "postgres");
    const email = "kept@example.test";

    running = await startEmbeddedPostgres({ dataDir });
    expect(await migrateDatabase(running.url)).not.toEqual([]);
    const writer = createPrismaClient(running.url);
    try {
      await writer.user.create({ data: { email, name: "Kept", passwordHash: await hashPassword("kept-password") } });
    } finally {
      await writer.$disconnect();
    }
    await running.stop();

    running = await startEmbeddedPostgres({ dataDir });
    expect(await migrateDatabase(running.url)).toEqual([]);
    const reader = createPrismaClient(running.url);
    try {
      expect(await reader.user.findUnique({ where: { email } })).toMatchObject({ email, name: "Kept" });
    } finally {
      await reader.$disconnect();
    }
  });

  it("gives a new cluster a random superuser password, kept beside it in a file only its owner reads, and refuses the fixed one from before", { timeout: 60_000 }, async () => {
    const folder = await clusterFolder();
    running = await startEmbeddedPostgres({ dataDir: path.join(folder, "postgres") });

    const passwordFile = path.join(folder, "postgres.password");
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    const password = (await readFile(passwordFile, "utf8")).trim();
    expect(password).toMatch(/^[\w-]{32,}$/);
    expect(decodeURIComponent(new URL(running.url).password)).toBe(password);
    expect(await superuserLogin(running.url, password)).toBe("accepted");
    expect(await superuserLogin(running.url, FORMER_FIXED_PASSWORD)).toBe("28P01");
  });

  it("changes the fixed password of a cluster made before to a random one, so an upgrade keeps working and the published password stops working", { timeout: 60_000 }, async () => {
    const folder = await clusterFolder();
    const dataDir = path.join(folder, "postgres");
    await promisify(execFile)(process.execPath, ["--import", "tsx", "tests/support/former-embedded-cluster.ts", dataDir]);

    running = await startEmbeddedPostgres({ dataDir });
    expect(await migrateDatabase(running.url)).not.toEqual([]);
    const passwordFile = path.join(folder, "postgres.password");
    expect((await stat(passwordFile)).mode & 0o777).toBe(0o600);
    const password = (await readFile(passwordFile, "utf8")).trim();
    expect(await superuserLogin(running.url, password)).toBe("accepted");
    expect(await superuserLogin(running.url, FORMER_FIXED_PASSWORD)).toBe("28P01");
    await running.stop();

    // The next start reads the file: the same password, the same data.
    running = await startEmbeddedPostgres({ dataDir });
    expect(decodeURIComponent(new URL(running.url).password)).toBe(password);
    expect(await migrateDatabase(running.url)).toEqual([]);
  });
});
