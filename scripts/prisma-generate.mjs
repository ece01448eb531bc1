// Runs `prisma generate` on install. The Prisma CLI insists on locating its native schema engine
// even though generating the client does not use it, and that engine cannot be downloaded
// everywhere; any existing file satisfies the lookup.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
// The project's own CLI, so this also works outside npm (where node_modules/.bin is not on PATH).
const prisma = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "node_modules", ".bin", "prisma");
const result = spawnSync(prisma, ["generate"], { stdio: "inherit", env, shell: false });
if (result.error) console.error(`prisma generate could not run: ${result.error.message}`);
process.exit(result.status ?? 1);
