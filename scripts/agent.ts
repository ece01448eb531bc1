// `npm run agent -- --host <name> --uri <libvirt uri>`: the host agent for one hypervisor node.
// AGENT_TOKEN is the host's token (from the dashboard's operator); DASHBOARD_URL where to report
// (default http://127.0.0.1:3000). For `simulated:///…` URIs the state lives in DASHBOARD_DATA_DIR.
import { parseArgs } from "node:util";
import { connectHypervisor } from "../lib/hypervisor/connect.ts";
import { dataDirectory } from "../lib/db/open-database.ts";
import { runAgent } from "../lib/agent/agent.ts";

const { values } = parseArgs({
  options: {
    host: { type: "string" },
    uri: { type: "string" },
    "report-every": { type: "string", default: "10" },
    "shutdown-timeout": { type: "string", default: "120" },
  },
});

const token = process.env.AGENT_TOKEN;
if (!values.uri || !values.host || !token) {
  console.error("Usage: AGENT_TOKEN=<host token> npm run agent -- --host <name> --uri <libvirt uri>");
  process.exit(2);
}

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => controller.abort());

await runAgent({
  baseUrl: process.env.DASHBOARD_URL ?? "http://127.0.0.1:3000",
  token,
  hypervisor: connectHypervisor(values.uri, { dataDir: dataDirectory() }),
  reportEveryMs: Number(values["report-every"]) * 1000,
  shutdownTimeoutMs: Number(values["shutdown-timeout"]) * 1000,
  signal: controller.signal,
  log: (line) => console.log(`[agent ${values.host}] ${line}`),
});
process.exit(0);
