// `npm run bench:agent-memory [-- --domains 50 --seconds 30]`: what the bundled node agent holds in
// memory on a node. It builds dist's bundle afresh into a scratch folder, runs it there with Node.js
// alone (as docs/agent.md installs it) against a node of libvirt's test driver with 50 running
// domains (virsh from PATH, no libvirtd needed), reporting every second to a provider endpoint over
// HTTP, and samples its resident memory: all of it, and its own (anonymous) part, without the pages
// of the node binary that every Node.js process shares. Printed next to the floor, measured here too:
// a bare `node -e` process that does nothing, what any Node.js program costs before its own code.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeTestDriverNode } from "../tests/support/libvirt.ts";
import { residentMemory, type ResidentMemory } from "../tests/support/process-memory.ts";
import { startProviderEndpoint } from "../tests/support/provider-endpoint.ts";

const { values } = parseArgs({ options: { domains: { type: "string", default: "50" }, seconds: { type: "string", default: "30" } } });
const DOMAINS = Number(values.domains);
const SECONDS = Number(values.seconds);
const SAMPLE_EVERY_MS = 100;
const TOKEN = "bench-agent-memory-token";

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Nothing from this shell reaches the processes measured: no NODE_OPTIONS, no loader, no NODE_PATH.
const nodeEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin" } as Record<string, string> as NodeJS.ProcessEnv;

const scratch = await mkdtemp(path.join(os.tmpdir(), "bench-agent-memory-"));
try {
  const bundle = path.join(scratch, "build", "vps-agent.mjs");
  const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-agent.ts", "--outfile", bundle], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`the agent's build failed:\n${build.stdout}${build.stderr}`);
  console.log(build.stdout.trim());

  const floor = await measureFloor();

  const provider = await startProviderEndpoint({ token: TOKEN });
  const names = Array.from({ length: DOMAINS }, (_, i) => `bench-${String(i).padStart(3, "0")}`);
  const uri = await writeTestDriverNode(path.join(scratch, "node.xml"), names.map((name) => ({ name, running: true })));
  const node = await mkdtemp(path.join(scratch, "node-"));
  await copyFile(bundle, path.join(node, "vps-agent.mjs"));
  await writeFile(path.join(node, "agent.env"), `AGENT_TOKEN=${TOKEN}\nDASHBOARD_URL=${provider.url}\nAGENT_HOST=bench-node\nAGENT_URI=${uri}\nAGENT_REPORT_EVERY=1\n`, { mode: 0o600 });

  const agent = spawn(process.execPath, ["vps-agent.mjs", "--env-file", "agent.env"], { cwd: node, env: nodeEnv, stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  agent.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await sleep(200); // until Node.js has started
  const samples: ({ at: number } & ResidentMemory)[] = [];
  const started = Date.now();
  while (Date.now() - started < SECONDS * 1000 && agent.exitCode === null) {
    samples.push({ at: Date.now() - started, ...residentMemory(agent.pid ?? 0) });
    await sleep(SAMPLE_EVERY_MS);
  }
  await stop(agent);
  await provider.close();

  const whole = provider.reports.filter((report) => report.domains.length === DOMAINS).length;
  if (provider.refusals.length || whole === 0) throw new Error(`the agent did not report as it should:\n${provider.refusals.join("\n")}\n${output}`);
  const steady = samples.filter((sample) => sample.at >= (SECONDS * 1000) / 2);
  const row = (label: string, resident: number, own: number) =>
    `  ${label.padEnd(34)}${mib(resident).padStart(9)} ${`${(resident / floor.resident).toFixed(2)}×`.padStart(6)}   ${mib(own).padStart(9)} ${`${(own / floor.anonymous).toFixed(2)}×`.padStart(6)}`;
  console.log(`\nthe bundled agent on a node of ${DOMAINS} running domains, reporting every second for ${SECONDS} s (${whole} whole reports received),`);
  console.log(`against the floor: a bare \`node -e\` process doing nothing (Node.js ${process.version})`);
  console.log(`${"".padEnd(36)}resident (VmRSS)   own (RssAnon)`);
  console.log(`  ${"floor".padEnd(34)}${mib(floor.resident).padStart(9)}          ${mib(floor.anonymous).padStart(9)}`);
  console.log(row("agent, peak", samples.at(-1)?.peak ?? NaN, Math.max(...samples.map((sample) => sample.anonymous))));
  console.log(row(`agent, steady (median, last ${SECONDS / 2} s)`, median(steady.map((sample) => sample.resident)), median(steady.map((sample) => sample.anonymous))));
  console.log("The rest of resident memory is the node binary's own pages (RssFile), shared with every Node.js process on the node.");
} finally {
  await rm(scratch, { recursive: true, force: true });
}

/** The resident memory of an idle `node -e` process once it has settled, the median of a second's samples. */
async function measureFloor(): Promise<{ resident: number; anonymous: number }> {
  const idle = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { env: nodeEnv, stdio: "ignore" });
  await sleep(1_000);
  const samples: ResidentMemory[] = [];
  for (let i = 0; i < 10; i++, await sleep(SAMPLE_EVERY_MS)) samples.push(residentMemory(idle.pid ?? 0));
  await stop(idle);
  return { resident: median(samples.map((sample) => sample.resident)), anonymous: median(samples.map((sample) => sample.anonymous)) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
