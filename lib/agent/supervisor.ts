import type { ChildProcess } from "node:child_process";
import type { Log } from "@/lib/observability/log-format.ts";

// Keeps a process running: when it exits without being asked to, it is started again after a pause
// that doubles while it keeps dying young (so a broken agent does not spin), and each exit and start
// is logged. `npm start` runs its built-in host agents under this.

export type Supervised = {
  /** The running process's pid; undefined between an exit and the next start. */
  readonly pid: number | undefined;
  /** How many times it has been started. */
  readonly starts: number;
  /** Stops it for good: SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
};

export type SuperviseOptions = {
  /** For the log: "host agent for fra1-node-07". */
  name: string;
  spawn: () => ChildProcess;
  log: Log;
  /** The first pause before a restart; doubles up to maxDelayMs while the process dies within minUptimeMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  minUptimeMs?: number;
};

export function supervise({ name, spawn, log, firstDelayMs = 1_000, maxDelayMs = 30_000, minUptimeMs = 60_000 }: SuperviseOptions): Supervised {
  let child: ChildProcess | undefined;
  let starts = 0;
  let stopping = false;
  let delayMs = firstDelayMs;
  let restartTimer: NodeJS.Timeout | undefined;

  const start = () => {
    if (stopping) return;
    const startedAt = Date.now();
    const current = spawn();
    child = current;
    starts += 1;
    log(`${name} started (pid ${current.pid ?? "?"})`, { process: name, childPid: current.pid });
    current.once("exit", (code, signal) => {
      if (child === current) child = undefined;
      if (stopping) return;
      delayMs = Date.now() - startedAt >= minUptimeMs ? firstDelayMs : delayMs;
      log(`${name} exited (${signal ? `signal ${signal}` : `code ${code}`}); starting it again in ${formatDelay(delayMs)}`, {
        level: "warn",
        process: name,
        childPid: current.pid,
        exitCode: code,
        signal,
        restartInMs: delayMs,
      });
      restartTimer = setTimeout(start, delayMs);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    });
  };
  start();

  return {
    get pid() {
      return child?.pid;
    },
    get starts() {
      return starts;
    },
    stop: (graceMs = 60_000) => {
      stopping = true;
      clearTimeout(restartTimer);
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const force = setTimeout(() => current.kill("SIGKILL"), graceMs);
        current.once("exit", () => {
          clearTimeout(force);
          resolve();
        });
        current.kill("SIGTERM");
      });
    },
  };
}

const formatDelay = (ms: number) => (ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);
