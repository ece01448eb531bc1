import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGIN } from "@/prisma/seed.ts";
import { buildDashboard, startDashboard } from "../support/dashboard-process.ts";
import { signInOverHttp } from "../support/http-session.ts";
import { isTrouble, logRecords, parseLogRecord } from "../support/log-records.ts";

// Ctrl-C on `npm start`: the terminal sends SIGINT to every process in its foreground process group.
// The launcher alone must take it, and stop the host agents, then the app, then the database, so that
// nothing is cut off from what it still needs.

let dataDir: string;

beforeAll(async () => {
  await buildDashboard();
  // PostgreSQL runs as a `postgres` system user when the tests run as root: it must reach the folder.
  dataDir = await mkdtemp(path.join(os.tmpdir(), "dashboard-ctrl-c-"));
  await chmod(dataDir, 0o755);
}, 600_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start and Ctrl-C", () => {
  it("stops the agents, then the app, then the database, with exit code 0 and no errors, while a signed-in page keeps asking", { timeout: 180_000 }, async () => {
    const app = await startDashboard({ DASHBOARD_DATA_DIR: dataDir }, { ownProcessGroup: true });
    let polling = true;
    try {
      const agentStarted = () => logRecords(app.output()).some((record) => record.name === "agent" && /^agent \w+ for simulated:/.test(record.msg));
      await expect.poll(agentStarted, { timeout: 30_000 }).toBe(true);
      const session = await signInOverHttp(app.baseUrl, DEMO_LOGIN.email, DEMO_LOGIN.password);
      expect(session).not.toBeNull();
      // Busy pages: requests back to back, each reading the database, so that some are under way at
      // every moment, until two seconds after Ctrl-C (Next serves a connection in use until it goes quiet).
      const poll = async () => {
        while (polling) await fetch(`${app.baseUrl}/api/v1/servers`, { headers: { cookie: session ?? "" } }).catch(() => undefined);
      };
      const pollers = [poll(), poll(), poll()];
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const before = app.output().length;

      process.kill(-app.pid, "SIGINT");
      setTimeout(() => (polling = false), 2_000);
      const code = await app.exited;
      await Promise.all(pollers);

      const shutdown = app.output().slice(before);
      expect(code, shutdown).toBe(0);
      expect(shutdown).not.toContain("the database system is shutting down");
      // No warning or error in any process's log, nor a stack or an error among the lines that are not log records.
      const records = logRecords(shutdown);
      expect(records.filter(isTrouble), shutdown).toEqual([]);
      const others = shutdown.split("\n").filter((line) => !parseLogRecord(line)).join("\n");
      expect(others).not.toMatch(/^\s+at /m);
      expect(others).not.toMatch(/error/i);
      const at = (line: string) => records.findIndex((record) => record.name === "dashboard" && record.msg === line);
      expect(at("host agents stopped"), shutdown).toBeGreaterThan(-1);
      expect(at("app stopped"), shutdown).toBeGreaterThan(at("host agents stopped"));
      expect(at("database stopped"), shutdown).toBeGreaterThan(at("app stopped"));
      expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    } finally {
      polling = false;
      // Whatever of the group outlived a failed run.
      try {
        process.kill(-app.pid, "SIGKILL");
      } catch {
        // Nothing was left.
      }
    }
  });
});
