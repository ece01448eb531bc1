// What a log line is, for every process of the product: the dashboard's (pino, logger.ts) and the
// host agent's (line-log.ts, small enough for its one-file bundle). One JSON object a line, with the
// same fields everywhere (level, time, pid, hostname, name, msg, and the event's own), so one
// pipeline (journald, Loki) reads them all; or, in a terminal, the same sentences as `[name] msg`.
// No dependencies: the agent's bundle includes this file.

export type LogLevel = "debug" | "info" | "warn" | "error";

/** pino's numbers, so that LOG_LEVEL means the same to both writers. */
export const LEVEL_VALUES: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 };

/** An event's fields; `level` picks the line's level (info when absent). */
export type LogFields = { level?: LogLevel } & Record<string, unknown>;

/** Writes one line: what happened, in words, and its fields. */
export type Log = (message: string, fields?: LogFields) => void;

export type LogFormat = "json" | "pretty";

type Env = Record<string, string | undefined>;

/** LOG_FORMAT=json|pretty; without it, human lines in a terminal and JSON anywhere else (systemd, a pipe, a container). */
export function logFormat(env: Env = process.env, stdout: { isTTY?: boolean } = process.stdout): LogFormat {
  const chosen = env.LOG_FORMAT?.trim().toLowerCase();
  if (chosen === "json" || chosen === "pretty") return chosen;
  return stdout.isTTY ? "pretty" : "json";
}

/** LOG_LEVEL (debug, info, warn, error, or silent for nothing at all); info when unset or unknown. */
export function logLevel(env: Env = process.env): LogLevel | "silent" {
  const chosen = env.LOG_LEVEL?.trim().toLowerCase();
  return chosen === "silent" || (chosen !== undefined && chosen in LEVEL_VALUES) ? (chosen as LogLevel | "silent") : "info";
}

/**
 * A record as a terminal shows it: `[name] msg`, `[agent <host>] msg` for an agent, and the stack of
 * an error beneath. The fields stay in the JSON lines; here the sentence says what happened.
 */
export function prettyLine(record: Record<string, unknown>): string {
  const host = typeof record.host === "string" ? ` ${record.host}` : "";
  const line = `[${String(record.name ?? "log")}${host}] ${String(record.msg ?? "")}`;
  const err = record.err as { stack?: unknown } | undefined;
  return typeof err?.stack === "string" ? `${line}\n${err.stack}` : line;
}
