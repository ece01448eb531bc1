import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-env.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 300_000,
    // Integration tests share one fresh database; they create their own rows and never truncate.
    fileParallelism: true,
    maxWorkers: 2,
    // The default summary, then one plain closing line that log readers find (tests/support/closing-line-reporter.ts).
    reporters: ["default", "./tests/support/closing-line-reporter.ts"],
  },
});
