// `npm run agent -- --host <name> --uri <libvirt uri>`: the host agent for one hypervisor node.
// AGENT_TOKEN is the host's token (from the dashboard's operator); DASHBOARD_URL where to report
// (default http://127.0.0.1:3000). For `simulated:///…` URIs the state lives in DASHBOARD_DATA_DIR.
// Reinstalls: --lxc-uri names the node's container connection (lxc:///) when it differs from --uri;
// --domain-type qemu defines new KVM servers for plain emulation on a node without /dev/kvm.
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
    "lxc-uri": { type: "string" },
    "domain-type": { type: "string", default: "kvm" },
  },
});

const token = process.env.AGENT_TOKEN;
if (!values.uri || !values.host || !token) {
  console.error("Usage: AGENT_TOKEN=<host token> npm run agent -- --host <name> --uri <libvirt uri>");
  process.exit(2);
}

const domainType = values["domain-type"];
if (domainType !== "kvm" && domainType !== "qemu") {
  console.error("--domain-type is kvm or qemu");
  process.exit(2);
}
const dataDir = dataDirectory();
const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => controller.abort());

await runAgent({
  baseUrl: process.env.DASHBOARD_URL ?? "http://127.0.0.1:3000",
  token,
  hypervisor: connectHypervisor(values.uri, { dataDir }),
  lxcHypervisor: values["lxc-uri"] ? connectHypervisor(values["lxc-uri"], { dataDir }) : undefined,
  template: { domainType },
  reportEveryMs: Number(values["report-every"]) * 1000,
  shutdownTimeoutMs: Number(values["shutdown-timeout"]) * 1000,
  signal: controller.signal,
  log: (line) => console.log(`[agent ${values.host}] ${line}`),
});
process.exit(0);
