import { constants } from "node:fs";
import { chmod, stat } from "node:fs/promises";
import path from "node:path";

// PostgreSQL refuses to run as root, so as root the embedded one runs as the `postgres` system
// user, which must be able to walk down to its binaries (in node_modules) and its data folder. A
// checkout in a private folder (mktemp -d makes 0700) blocks that. Inside the project we add the
// search bit (o+x: pass through, not list); above it we change nothing and say what blocks.

export async function letPostgresUserReach(targets: string[], projectRoot: string = process.cwd()): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const root = path.resolve(projectRoot);
  for (const target of targets) {
    for (const directory of ancestors(path.resolve(target))) {
      const info = await stat(directory).catch(() => null);
      if (!info?.isDirectory() || info.mode & constants.S_IXOTH) continue;
      if (directory === root || directory.startsWith(root + path.sep)) {
        await chmod(directory, info.mode | constants.S_IXOTH);
      } else {
        throw new Error(
          `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${directory}. ` +
            "Move the project (or DASHBOARD_DATA_DIR) below a folder others can enter, or set DATABASE_URL.",
        );
      }
    }
  }
}

/** "/a/b/c" → ["/a", "/a/b", "/a/b/c"]. */
function ancestors(target: string): string[] {
  const parts: string[] = [];
  for (let current = target; ; current = path.dirname(current)) {
    parts.unshift(current);
    if (path.dirname(current) === current) return parts.slice(1);
  }
}
