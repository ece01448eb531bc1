import { chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { letPostgresUserReach } from "@/lib/db/postgres-user-access.ts";

const runningAsRoot = process.getuid?.() === 0;
const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function privateDir(parent: string = os.tmpdir()): Promise<string> {
  const dir = await mkdtemp(path.join(parent, "reach-"));
  await chmod(dir, 0o700);
  scratch.push(dir);
  return dir;
}

const searchable = async (dir: string) => ((await stat(dir)).mode & 0o001) !== 0;

describe.skipIf(!runningAsRoot)("letPostgresUserReach (as root, where PostgreSQL runs as another user)", () => {
  it("opens private folders inside the project for passing through, and nothing more", async () => {
    const project = await privateDir();
    const data = path.join(project, ".data", "postgres");
    await mkdir(path.dirname(data), { recursive: true, mode: 0o700 });
    await letPostgresUserReach([data], project);
    expect(await searchable(project)).toBe(true);
    expect(await searchable(path.dirname(data))).toBe(true);
    // Search only: others still cannot list the project.
    expect((await stat(project)).mode & 0o004).toBe(0);
  });

  it("changes nothing above the project, and says which folder blocks", async () => {
    const outside = await privateDir();
    const project = path.join(outside, "checkout");
    await mkdir(project);
    await expect(letPostgresUserReach([path.join(project, ".data")], project)).rejects.toThrow(
      `cannot enter ${outside}`,
    );
    expect(await searchable(outside)).toBe(false);
  });
});
