import path from "node:path";

/** Where local state lives (embedded PostgreSQL, generated secret, the simulated hosts): a git-ignored folder. */
export function dataDirectory(): string {
  return path.resolve(process.env.DASHBOARD_DATA_DIR ?? path.join(process.cwd(), ".data"));
}
