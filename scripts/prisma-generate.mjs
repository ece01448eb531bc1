// Runs `prisma generate` on install. The Prisma CLI insists on locating its native schema engine
// even though generating the client does not use it, and that engine cannot be downloaded
// everywhere; any existing file satisfies the lookup.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
const result = spawnSync("prisma", ["generate"], { stdio: "inherit", env, shell: false });
process.exit(result.status ?? 1);
