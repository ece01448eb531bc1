// `npm run bench`: every benchmark, one after the other, and docs/benchmarks.md written from what they
// printed: the machine, a summary of the targets (the customer's reads against the floor, each page
// against a blank Next.js page, the fleet), then each benchmark's own words and numbers as it printed
// them. The file is this command's output and nothing else: rerun it rather than edit it.
// `npm run bench -- read-load page-weight` runs only those (the file then holds only them).
import { spawn, execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as z from "zod/mini";

type Benchmark = { name: string; what: string; args?: string[] };

/** In the order they run: the load runs first, on a machine that has done nothing else yet. */
const BENCHMARKS: Benchmark[] = [
  { name: "read-load", what: "The customer's read routes under 50 connections, against an unknown API path (the floor), on the production build." },
  { name: "page-weight", what: "Each page's first-load scripts in Chromium, against a blank Next.js page with one client component built the same way." },
  { name: "fleet", what: "200 hosts × 50 servers reporting every 10 s to one production dashboard on PostgreSQL." },
  { name: "ingestion", what: "One host's report of 50 domains recorded on PostgreSQL, against a report of none." },
  { name: "memory", what: "Memory metrics at a provider's scale: the chart's queries over 1,000 servers' retained history, and a maintenance run." },
  { name: "actions", what: "From a customer's PUT to the agent's claim; an action's cost beyond its steps; 20 restarts at once against one." },
  { name: "hypervisor", what: "Memory statistics of 200 real QEMU domains in one call against one call each; one balloon edit of a domain's XML." },
  { name: "agent-memory", what: "The bundled agent's resident memory on a node of 50 domains, against a bare Node.js process." },
];

type Run = { benchmark: Benchmark; code: number | null; seconds: number; output: string; summary: Record<string, unknown> | null };

function runBenchmark(benchmark: Benchmark): Promise<Run> {
  const started = Date.now();
  console.log(`\n=== npm run bench:${benchmark.name}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join("benchmarks", `${benchmark.name}.ts`), ...(benchmark.args ?? [])], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("close", (code) => resolve({ benchmark, code, seconds: (Date.now() - started) / 1000, output, summary: summaryIn(output) }));
  });
}

/** The benchmark's last line that is a JSON object naming itself: what the summary reads. */
function summaryIn(output: string): Record<string, unknown> | null {
  for (const line of output.trim().split("\n").reverse()) {
    if (!line.startsWith("{")) continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed && typeof parsed === "object" && "benchmark" in parsed) return parsed as Record<string, unknown>;
    } catch {
      // a line that only looks like JSON
    }
  }
  return null;
}

function command(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "not available";
  }
}

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `- ${cpus.length} CPUs (${cpus[0]?.model ?? "unknown model"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB of memory, ${os.type()} ${os.release()}`,
    `- Node.js ${process.version}; ${command("psql", ["--version"])}; libvirt ${command("virsh", ["--version"])}`,
    `- load average when the run began: ${os.loadavg().map((load) => load.toFixed(2)).join(", ")}`,
  ];
}

// What the summary reads from each benchmark's JSON line: only what the targets are about.
const readLoadLine = z.object({
  connections: z.number(),
  seconds: z.number(),
  floor: z.object({ requestsPerSecond: z.number(), p99Ms: z.number() }),
  results: z.array(
    z.object({
      name: z.string(),
      conditional: z.boolean(),
      requestsPerSecond: z.number(),
      p99Ms: z.number(),
      ratio: z.number(),
      ratios: z.array(z.number()),
      p99Ratio: z.number(),
      statuses: z.record(z.string(), z.number()),
    }),
  ),
});
const pageWeightLine = z.object({
  blank: z.number(),
  pages: z.array(z.object({ page: z.string(), path: z.string(), firstLoad: z.number(), later: z.number() })),
});
const fleetLine = z.object({
  hosts: z.number(),
  domainsPerHost: z.number(),
  intervalMs: z.number(),
  measuredSeconds: z.number(),
  reportsPerSecond: z.number(),
  targetReportsPerSecond: z.number(),
  latencyMs: z.object({ p50: z.number(), p95: z.number(), p99: z.number() }),
  sampleRowsPerSecond: z.number(),
  cpuSecondsPerSecond: z.object({ app: z.number(), postgres: z.number() }),
  rawSamplesBytesPerDay: z.number(),
  fellBehind: z.boolean(),
});
type ReadLoad = z.infer<typeof readLoadLine>;
type PageWeight = z.infer<typeof pageWeightLine>;
type Fleet = z.infer<typeof fleetLine>;

const yes = (holds: boolean) => (holds ? "yes" : "**no**");

function readLoadSummary(load: ReadLoad): string[] {
  const lines = [
    `Customer read routes, ${load.connections} connections for ${load.seconds} s each. Target: at least 0.7× the floor's requests/s, p99 at most 2× the floor's. Each run of a route is compared with the floor runs just before and after it (the floor's mean: ${load.floor.requestsPerSecond.toFixed(0)} requests/s, p99 ${load.floor.p99Ms.toFixed(0)} ms); a route's ratio is the mean of its rounds', each of which is shown.`,
    "",
    "| route | requests/s | × floor | each round | p99 | × floor's p99 | meets the target |",
    "|---|---|---|---|---|---|---|",
  ];
  const routes = load.results.filter((entry) => !entry.name.startsWith("floor"));
  for (const { name, requestsPerSecond, ratio, ratios, p99Ms, p99Ratio } of routes.filter((entry) => !entry.conditional)) {
    lines.push(`| ${name} | ${requestsPerSecond.toFixed(0)} | ${ratio.toFixed(2)} | ${ratios.map((each) => each.toFixed(2)).join(", ")} | ${p99Ms.toFixed(0)} ms | ${p99Ratio.toFixed(2)} | ${yes(ratio >= 0.7 && p99Ratio <= 2)} |`);
  }
  lines.push(
    "",
    "The same routes asked with If-None-Match, the ETag of their last answer: where nothing changed, 304 without a body. A chart's answer changes with every report (every 10 s), so most of its polls still find something new.",
    "",
    "| route | requests/s | × floor | p99 | answered 304 |",
    "|---|---|---|---|---|",
  );
  for (const result of routes.filter((entry) => entry.conditional)) {
    const answered = Object.values(result.statuses).reduce((sum, count) => sum + count, 0);
    const unchanged = (result.statuses["304"] ?? 0) / Math.max(answered, 1);
    lines.push(`| ${result.name} | ${result.requestsPerSecond.toFixed(0)} | ${result.ratio.toFixed(2)} | ${result.p99Ms.toFixed(0)} ms | ${(unchanged * 100).toFixed(0)}% |`);
  }
  return lines;
}

function pageWeightSummary(weight: PageWeight): string[] {
  const lines = [
    `First-load scripts: every script the page's HTML names, gzipped. Target: at most 1.1× the blank Next.js page's ${weight.blank.toFixed(1)} KiB.`,
    "",
    "| page | first load | × blank page | loaded later | meets the target |",
    "|---|---|---|---|---|",
  ];
  for (const page of weight.pages) {
    const ratio = page.firstLoad / weight.blank;
    lines.push(`| ${page.page} (${page.path}) | ${page.firstLoad.toFixed(1)} KiB | ${ratio.toFixed(3)} | ${page.later.toFixed(1)} KiB | ${yes(ratio <= 1.1)} |`);
  }
  return lines;
}

function fleetSummary(fleet: Fleet): string[] {
  return [
    `${fleet.hosts} hosts × ${fleet.domainsPerHost} servers (${fleet.hosts * fleet.domainsPerHost} servers), one report per host every ${fleet.intervalMs / 1000} s, measured for ${fleet.measuredSeconds} s:`,
    "",
    `- reports: ${fleet.reportsPerSecond}/s sustained of the fleet's ${fleet.targetReportsPerSecond}/s; latency p50 ${fleet.latencyMs.p50} ms, p95 ${fleet.latencyMs.p95} ms, p99 ${fleet.latencyMs.p99} ms`,
    `- memory samples: ${fleet.sampleRowsPerSecond} rows/s; raw samples ${(fleet.rawSamplesBytesPerDay / 2 ** 30).toFixed(2)} GiB a day`,
    `- CPU: app ${fleet.cpuSecondsPerSecond.app} s/s, PostgreSQL ${fleet.cpuSecondsPerSecond.postgres} s/s`,
    `- fell behind: ${fleet.fellBehind ? "**yes**" : "no"}`,
  ];
}

function summaryOf(run: Run): string[] {
  if (!run.summary) return [];
  const read = <T>(schema: z.ZodMiniType<T>, lines: (value: T) => string[]) => {
    const parsed = z.safeParse(schema, run.summary);
    return parsed.success ? lines(parsed.data) : [`Its summary line could not be read: ${z.prettifyError(parsed.error)}`];
  };
  if (run.benchmark.name === "read-load") return read(readLoadLine, readLoadSummary);
  if (run.benchmark.name === "page-weight") return read(pageWeightLine, pageWeightSummary);
  if (run.benchmark.name === "fleet") return read(fleetLine, fleetSummary);
  return [];
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const chosen = only.length ? BENCHMARKS.filter((benchmark) => only.includes(benchmark.name)) : BENCHMARKS;
  const unknown = only.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
  if (unknown.length) {
    console.error(`no such benchmark: ${unknown.join(", ")} (there are ${BENCHMARKS.map((benchmark) => benchmark.name).join(", ")})`);
    return 2;
  }
  const startedAt = new Date();
  const header = machine();
  const runs: Run[] = [];
  for (const benchmark of chosen) runs.push(await runBenchmark(benchmark));

  const doc = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench${only.length ? ` -- ${only.join(" ")}` : ""}\` on ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC; do not edit by hand, run it again.`,
    "Each benchmark prints numbers and measures its floor in the same run, so the ratios hold on another machine even where the absolute figures do not. Benchmarks share the machine with nothing else while it runs; the figures below are what they printed.",
    "",
    "## The machine",
    "",
    ...header,
  ];
  const summaries = runs.map((run) => ({ run, lines: summaryOf(run) })).filter((entry) => entry.lines.length);
  if (summaries.length) {
    doc.push("", "## Targets");
    for (const { run, lines } of summaries) doc.push("", `### ${run.benchmark.name}`, "", ...lines);
  }
  doc.push("", "## Each benchmark as it ran");
  for (const run of runs) {
    doc.push(
      "",
      `### npm run bench:${run.benchmark.name}`,
      "",
      run.benchmark.what,
      `How it measures: the comment at the top of \`benchmarks/${run.benchmark.name}.ts\`. ${run.code === 0 ? "Ran" : `**Failed (exit ${run.code})** after running`} for ${run.seconds.toFixed(0)} s.`,
      "",
      "```text",
      run.output.trimEnd(),
      "```",
    );
  }
  await writeFile(path.join("docs", "benchmarks.md"), `${doc.join("\n")}\n`);
  console.log(`\nwrote docs/benchmarks.md (${runs.length} benchmarks, ${runs.filter((run) => run.code !== 0).length} failed)`);
  return runs.every((run) => run.code === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
