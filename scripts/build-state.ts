import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

// Whether the production build is older than the sources it was built from.

const SOURCES = ["app", "components", "lib", "public", "types", "next.config.js", "proxy.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.app.json"];

export function needsBuild(root: string = process.cwd()): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestChange(path.join(root, source)) > builtAt);
}

function newestChange(file: string): number {
  if (!existsSync(file)) return 0;
  const stats = statSync(file);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(file).reduce((newest, entry) => Math.max(newest, newestChange(path.join(file, entry))), stats.mtimeMs);
}
