import { spawn } from "node:child_process";

// The operator commands as an operator runs them: `npm run ops -- …` is `node --import tsx
// scripts/ops.ts …`, a process of its own, with the environment it is given.

export type OpsRun = { code: number | null; stdout: string; stderr: string };

/** `env` is added to this process's (DATABASE_URL, NEXTAUTH_URL, …); a value of undefined removes one. */
export function runOps(args: string[], env: Record<string, string | undefined> = {}): Promise<OpsRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/ops.ts", ...args], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The JSON a command printed with --json; fails with what it said when it did not succeed. */
export async function opsJson(args: string[], env: Record<string, string | undefined> = {}): Promise<unknown> {
  const run = await runOps([...args, "--json"], env);
  if (run.code !== 0) throw new Error(`npm run ops -- ${args.join(" ")} exited ${run.code}:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}
