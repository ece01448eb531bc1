import { spawn } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "@/package.json" with { type: "json" };
import { libvirtSkipReason, writeTestDriverNode } from "../support/libvirt.ts";
import { logRecords } from "../support/log-records.ts";
import { startProviderEndpoint } from "../support/provider-endpoint.ts";

// The node agent as a provider installs it: the one file `npm run build:agent` makes, copied alone
// with its env file into an empty folder and run there by Node.js, with no repository, node_modules
// or TypeScript loader within reach, against the provider API over HTTP and a libvirt node (the test
// driver, through the virsh on PATH).

const skip = libvirtSkipReason("test:///default");
let scratch: string;
let built: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "agent-bundle-"));
  built = path.join(scratch, "build", "vps-agent.mjs");
  const result = await run(process.execPath, ["--import", "tsx", "scripts/build-agent.ts", "--outfile", built], { cwd: process.cwd(), env: process.env });
  if (result.code !== 0) throw new Error(`npm run build:agent failed:\n${result.output}`);
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("the bundled node agent", () => {
  it("imports nothing but Node's built-ins", async () => {
    // The shipped file, parsed as JavaScript: every import, dynamic import and require it makes.
    const { metafile } = await build({
      entryPoints: [built],
      bundle: true,
      write: false,
      format: "esm",
      metafile: true,
      logLevel: "silent",
      plugins: [{ name: "all-external", setup: (plugin) => plugin.onResolve({ filter: /.*/ }, ({ path: specifier, kind }) => (kind === "entry-point" ? undefined : { path: specifier, external: true })) }],
    });
    const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((entry) => entry.path));
    expect(imports).toContain("node:child_process");
    expect(imports.filter((specifier) => !isBuiltin(specifier))).toEqual([]);
  });

  it("runs as ./vps-agent.mjs and knows its version", async () => {
    const node = await nodeFolder();
    const answer = await run(path.join(node, "vps-agent.mjs"), ["--version"], { cwd: node, env: onlyPath(`${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`) });
    expect(answer).toMatchObject({ code: 0, output: `${packageJson.version}\n` });
  });

  it.skipIf(skip)(`reports its node's domains, keeps its token to itself and stops on SIGTERM${skip ? ` (skipped: ${skip})` : ""}`, async () => {
    const token = `vps-agent-test-token-${Math.random().toString(36).slice(2)}`;
    const provider = await startProviderEndpoint({ token });
    const node = await nodeFolder();
    const libvirtUri = await writeTestDriverNode(path.join(scratch, `node-${path.basename(node)}.xml`), [
      { name: "web-1", running: true },
      { name: "db-1", running: true, ballooning: false },
      { name: "old-1", running: false },
    ]);
    // virsh as the node has it, behind a stand-in that notes whether the token reached its environment.
    const leaks = path.join(scratch, `leaks-${path.basename(node)}`);
    const wrapper = path.join(scratch, `bin-${path.basename(node)}`);
    await mkdir(wrapper);
    await writeFile(path.join(wrapper, "virsh"), `#!/bin/sh\nenv | grep -qF '${token}' && echo leaked >> '${leaks}'\nexec ${await which("virsh")} "$@"\n`, { mode: 0o755 });
    await writeFile(
      path.join(node, "agent.env"),
      `# /etc/vps-agent/agent.env\nAGENT_TOKEN=${token}\nDASHBOARD_URL=${provider.url}\nAGENT_HOST=bundle-node\nAGENT_URI=${libvirtUri}\nAGENT_REPORT_EVERY=30\n`,
      { mode: 0o600 },
    );

    // The option wins over the file: a report every second, not every 30.
    const agent = spawn(process.execPath, ["vps-agent.mjs", "--env-file", "agent.env", "--report-every", "1"], { cwd: node, env: onlyPath(`${wrapper}:${process.env.PATH ?? ""}`), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    agent.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    agent.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => agent.once("exit", (code, signal) => resolve({ code, signal })));
    try {
      const deadline = Date.now() + 20_000;
      while (provider.reports.length < 2 && Date.now() < deadline && agent.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(provider.refusals).toEqual([]);
      expect(provider.reports.length, output).toBeGreaterThanOrEqual(2);
      const domains = Object.fromEntries((provider.reports.at(-1)?.domains ?? []).map((domain) => [domain.name, domain]));
      expect(Object.keys(domains).sort()).toEqual(["db-1", "old-1", "web-1"]);
      expect(domains["web-1"]).toMatchObject({ virtualization: "kvm", state: "running", balloon: "virtio", pendingBalloon: "virtio", memory: { source: "guest", totalKiB: 2_097_152 } });
      expect(domains["db-1"]).toMatchObject({ state: "running", balloon: "none", pendingBalloon: "none" });
      expect(domains["old-1"]).toMatchObject({ state: "shutoff", memory: null });
    } finally {
      agent.kill("SIGTERM");
    }
    const started = Date.now();
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    await provider.close();

    // Under systemd (no terminal) every line is a JSON record, with the node's host on each.
    const records = logRecords(output);
    expect(records.length, output).toBe(output.trim().split("\n").length);
    expect(records.every((record) => record.name === "agent" && record.host === "bundle-node"), output).toBe(true);
    expect(records).toContainEqual(expect.objectContaining({ level: "info", msg: `version ${packageJson.version}`, version: packageJson.version }));
    expect(records.map((record) => record.msg)).toContainEqual(expect.stringMatching(/^SIGTERM: stopping/));
    expect(output).not.toContain(token);
    expect(records.filter((record) => record.level !== "info"), output).toEqual([]);
    expect(await readFile(leaks, "utf8").catch(() => "")).toBe("");
  });
});

/** An environment with nothing but PATH: no NODE_PATH, no NODE_OPTIONS (no TypeScript loader), no token. */
const onlyPath = (PATH: string) => Object.fromEntries([["PATH", PATH]]) as NodeJS.ProcessEnv;

/** An empty folder holding the bundle alone, as a node does after copying it. */
async function nodeFolder(): Promise<string> {
  const node = await mkdtemp(path.join(scratch, "node-"));
  await copyFile(built, path.join(node, "vps-agent.mjs"));
  await chmod(path.join(node, "vps-agent.mjs"), 0o755);
  return node;
}

function run(command: string, args: string[], { cwd, env }: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

async function which(program: string): Promise<string> {
  const { code, output } = await run("sh", ["-c", `command -v ${program}`], { cwd: scratch, env: process.env });
  if (code !== 0) throw new Error(`${program} is not on PATH`);
  return output.trim();
}
