import pino, { type Logger } from "pino";
import { logFormat, logLevel, prettyLine, type Log } from "./log-format.ts";

// The dashboard's logger (pino): the launcher's lines and the app's (its requests, the action
// queue). One JSON line per event on stdout, or `[name] msg` in a terminal (log-format.ts); no
// pretty-printing dependency. Lines are written at once (stdout to a pipe or a file is synchronous
// on Linux), so nothing is lost when a process exits right after one.

/**
 * What no line may carry, whoever logs what object: a safety net under the rule that requests'
 * headers and bodies are never logged at all. Matched at the top and one level down
 * (`{ req: { headers: { cookie } } }` included).
 */
export const REDACTED_PATHS = [
  ...["authorization", "cookie", "password", "token", "secret", "body", "csrfToken", "agentToken", "sessionToken"].flatMap((key) => [key, `*.${key}`]),
  ...["headers", "*.headers"].flatMap((at) => [`${at}.authorization`, `${at}.cookie`, `${at}["set-cookie"]`, `${at}["x-api-key"]`]),
];

type Stdout = { isTTY?: boolean; write: (text: string) => unknown };

export function createLogger(name: string, { env = process.env, stdout = process.stdout }: { env?: Record<string, string | undefined>; stdout?: Stdout } = {}): Logger {
  const options = {
    name,
    level: logLevel(env),
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  const pretty = { write: (line: string) => void stdout.write(`${prettyLine(JSON.parse(line) as Record<string, unknown>)}\n`) };
  return pino(options, logFormat(env, stdout) === "json" ? { write: (line: string) => void stdout.write(line) } : pretty);
}

// On globalThis, as the database client is: one logger however many times Next loads this module.
const cache = globalThis as unknown as { appLogger?: Logger };

/** The app's logger (the Next.js server's requests, the action queue), created on first use. */
export function appLog(): Logger {
  cache.appLogger ??= createLogger("app");
  return cache.appLogger;
}

/** A logger as the plain `Log` function that code shared with the agent and the launcher takes. */
export function asLog(logger: Logger): Log {
  return (message, { level = "info", ...fields } = {}) => logger[level](fields, message);
}
