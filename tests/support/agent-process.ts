import { spawn, type ChildProcess } from "node:child_process";

// A host agent as a node runs it (scripts/agent.ts in a process of its own), with its log kept and
// read: which actions it claimed, and which it let go of (finished, or stopped holding).

export type AgentProcess = {
  label: string;
  /** Where it reports: the dashboard instance it talks to. */
  dashboardUrl: string;
  child: ChildProcess;
  lines: string[];
  /** Action ids this agent claimed, with the attempt each claim was. */
  claims: { id: string; attempt: number }[];
  /** Action ids this agent completed itself (success or error). */
  completed: Set<string>;
  /** Claimed and not yet let go of, as far as its log tells. */
  inFlight: () => string[];
  kill: (signal: NodeJS.Signals) => Promise<void>;
};

const CLAIMED = /claimed \S+ ([0-9a-f-]{36}) for \S+ \(attempt (\d+)\)/;
const COMPLETED = /\S+ ([0-9a-f-]{36}) \S+: (success|ended in error)/;
const LET_GO = /\S+ ([0-9a-f-]{36}) \S+: (success|ended in error|stopped|left for|the dashboard refused)/;

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
    env: { ...process.env, AGENT_TOKEN: token, DASHBOARD_URL: dashboardUrl, DASHBOARD_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const agent: AgentProcess = {
    label,
    dashboardUrl,
    child,
    lines: [],
    claims: [],
    completed: new Set(),
    inFlight: () => {
      const letGo = new Set(agent.lines.flatMap((line) => LET_GO.exec(line)?.[1] ?? []));
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
      const claimed = CLAIMED.exec(line);
      if (claimed?.[1]) agent.claims.push({ id: claimed[1], attempt: Number(claimed[2]) });
      const completed = COMPLETED.exec(line);
      if (completed?.[1]) agent.completed.add(completed[1]);
    }
  };
  child.stdout?.on("data", read("stdout"));
  child.stderr?.on("data", read("stderr"));
  return agent;
}
