import { spawn, type ChildProcess } from "node:child_process";
import { parseLogRecord, type LogRecord } from "./log-records.ts";

// A host agent as a node runs it (scripts/agent.ts in a process of its own), with its log kept and
// read by each line's fields: which actions it claimed, and which it let go of (finished, or
// stopped holding), as each line's `outcome` says.

export type AgentProcess = {
  label: string;
  /** Where it reports: the dashboard instance it talks to. */
  dashboardUrl: string;
  child: ChildProcess;
  lines: string[];
  /** Its lines that are log records (all of them, but for a crash's stack). */
  records: LogRecord[];
  /** Action ids this agent claimed, with the attempt each claim was. */
  claims: { id: string; attempt: number }[];
  /** Action ids this agent completed itself (success or error). */
  completed: Set<string>;
  /** Claimed and not yet let go of, as far as its log tells. */
  inFlight: () => string[];
  kill: (signal: NodeJS.Signals) => Promise<void>;
};

/** How a run ends for the agent (lib/agent/step-runner.ts): finished, or no longer its to finish. */
const COMPLETED = new Set(["success", "error"]);
const LET_GO = new Set([...COMPLETED, "lease_lost", "left_for_next_attempt", "refused"]);
const actionOf = (record: LogRecord, outcomes: Set<string>) =>
  typeof record.actionId === "string" && typeof record.outcome === "string" && outcomes.has(record.outcome) ? record.actionId : null;

export function startAgentProcess({
  label,
  host,
  token,
  dashboardUrl,
  dataDir,
  args = [],
}: {
  label: string;
  host: { name: string; hypervisorUri: string };
  token: string;
  dashboardUrl: string;
  dataDir: string;
  args?: string[];
}): AgentProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/agent.ts", "--host", host.name, "--uri", host.hypervisorUri, ...args], {
    // It logs as on a node (JSON, info and up), whatever the test worker's own LOG_LEVEL.
    env: { ...withoutLogSettings(process.env), AGENT_TOKEN: token, DASHBOARD_URL: dashboardUrl, DASHBOARD_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const agent: AgentProcess = {
    label,
    dashboardUrl,
    child,
    lines: [],
    records: [],
    claims: [],
    completed: new Set(),
    inFlight: () => {
      const letGo = new Set(agent.records.flatMap((record) => actionOf(record, LET_GO) ?? []));
      return [...new Set(agent.claims.map((claim) => claim.id))].filter((id) => !letGo.has(id));
    },
    kill: (signal) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
  let partial = { stdout: "", stderr: "" };
  const read = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
    const text = partial[stream] + chunk.toString();
    const lines = text.split("\n");
    partial = { ...partial, [stream]: lines.pop() ?? "" };
    for (const line of lines) {
      agent.lines.push(line);
      const record = parseLogRecord(line);
      if (!record) continue;
      agent.records.push(record);
      if (record.outcome === "claimed" && typeof record.actionId === "string") agent.claims.push({ id: record.actionId, attempt: Number(record.attempt) });
      const completed = actionOf(record, COMPLETED);
      if (completed) agent.completed.add(completed);
    }
  };
  child.stdout?.on("data", read("stdout"));
  child.stderr?.on("data", read("stderr"));
  return agent;
}

function withoutLogSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LOG_LEVEL: _level, LOG_FORMAT: _format, ...rest } = env;
  return rest;
}
