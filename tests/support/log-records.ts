// The log lines of the product's processes (lib/observability): one JSON object a line, read by
// their fields. Other lines in the same output (Next.js's banner, a build's) are not records.

export type LogRecord = { level: string; time: string; name: string; msg: string } & Record<string, unknown>;

export function logRecords(output: string): LogRecord[] {
  return output.split("\n").flatMap((line) => parseLogRecord(line) ?? []);
}

export function parseLogRecord(line: string): LogRecord | null {
  if (!line.trimStart().startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(line);
    const record = value as Partial<LogRecord> | null;
    return typeof record?.level === "string" && typeof record.msg === "string" && typeof record.name === "string" ? (record as LogRecord) : null;
  } catch {
    return null;
  }
}

/** A warning or an error. */
export const isTrouble = (record: LogRecord) => record.level === "warn" || record.level === "error";
