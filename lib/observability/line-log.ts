import os from "node:os";
import { LEVEL_VALUES, logFormat, logLevel, prettyLine, type Log } from "./log-format.ts";

// The host agent's log writer: the dashboard's line shape (log-format.ts) in about thirty lines.
// pino would need a require() shim in the agent's ES module bundle and add about 150 KB (its
// worker-thread transports, which a single file cannot ship anyway) to write a few lines an action;
// this writes each line whole, at once, to stdout, which systemd's journal reads.

export type LineLogOptions = {
  name: string;
  /** Fields on every line: the agent's host. */
  base?: Record<string, unknown>;
  /** Applied to each whole line before it is written: the agent takes its token out of every one. */
  scrub?: (line: string) => string;
  env?: Record<string, string | undefined>;
  stdout?: { isTTY?: boolean; write: (text: string) => unknown };
};

export function createLineLog({ name, base = {}, scrub = (line) => line, env = process.env, stdout = process.stdout }: LineLogOptions): Log {
  const format = logFormat(env, stdout);
  const threshold = logLevel(env);
  const lowest = threshold === "silent" ? Infinity : LEVEL_VALUES[threshold];
  const fixed = { pid: process.pid, hostname: os.hostname(), name, ...base };
  return (message, { level = "info", ...fields } = {}) => {
    if (LEVEL_VALUES[level] < lowest) return;
    const record = { level, time: new Date().toISOString(), ...fixed, ...fields, msg: message };
    stdout.write(`${scrub(format === "json" ? JSON.stringify(record, plainValue) : prettyLine(record))}\n`);
  };
}

/** Errors as pino writes them (type, message, stack); big integers as numbers' text. */
function plainValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { type: value.name, message: value.message, stack: value.stack };
  return typeof value === "bigint" ? value.toString() : value;
}
