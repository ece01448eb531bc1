import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client.ts";
import { startEmbeddedPostgres, type RunningDatabase } from "@/lib/db/embedded-postgres.ts";
import { migrateDatabase } from "@/lib/db/migrate.ts";
import { hashPassword } from "@/lib/auth/password.ts";

let running: RunningDatabase | undefined;
let tempDir: string | undefined;

afterAll(async () => {
  await running?.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe("startEmbeddedPostgres", () => {
  it("keeps its data across a stop and a start on the same folder", { timeout: 60_000 }, async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), "embedded-postgres-"));
    // Running as root, the package runs postgres as the `postgres` user, who must reach the folder.
    await chmod(tempDir, 0o755);
    const dataDir = path.join(tempDir, "postgres");
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
});
