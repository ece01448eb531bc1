// `npm run agent -- --host <name> --uri <libvirt uri>`: the host agent for one hypervisor node.
// AGENT_TOKEN is the host's token (from the dashboard's operator); DASHBOARD_URL where to report
// (default http://127.0.0.1:3000). For `simulated:///…` URIs the state lives in DASHBOARD_DATA_DIR.
// Reinstalls: --lxc-uri names the node's container connection (lxc:///) when it differs from --uri;
// --domain-type qemu defines new KVM servers for plain emulation on a node without /dev/kvm.
import { parseArgs } from "node:util";
import { connectHypervisor } from "../lib/hypervisor/connect.ts";
import { dataDirectory } from "../lib/data-directory.ts";
import { DEFAULT_CONCURRENCY, runAgent } from "../lib/agent/agent.ts";

const USAGE = `Usage: AGENT_TOKEN=<host token> npm run agent -- --host <name> --uri <libvirt uri> [options]

  --report-every <s>       seconds between reports of the domains' state and memory (10)
  --shutdown-timeout <s>   seconds a guest gets to shut down cleanly before it is stopped (120)
  --concurrency <n>        actions run at once, each for a different server (${DEFAULT_CONCURRENCY})
  --request-timeout <s>    seconds one call to the dashboard may take (15)
  --lxc-uri <uri>          the node's container connection, when it is not --uri (lxc:///)
  --domain-type kvm|qemu   how new KVM servers are defined; qemu on a node without /dev/kvm (kvm)`;

const { values } = parseArgs({
  options: {
    host: { type: "string" },
    uri: { type: "string" },
    "report-every": { type: "string", default: "10" },
    "shutdown-timeout": { type: "string", default: "120" },
    concurrency: { type: "string", default: String(DEFAULT_CONCURRENCY) },
    "request-timeout": { type: "string", default: "15" },
    "lxc-uri": { type: "string" },
    "domain-type": { type: "string", default: "kvm" },
    help: { type: "boolean", default: false },
  },
});

const token = process.env.AGENT_TOKEN;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.uri || !values.host || !token) fail("--host, --uri and AGENT_TOKEN are required");

const domainType = values["domain-type"];
if (domainType !== "kvm" && domainType !== "qemu") fail("--domain-type is kvm or qemu");
const seconds = (option: "report-every" | "shutdown-timeout" | "request-timeout") => {
  const value = Number(values[option]);
  if (!Number.isFinite(value) || value <= 0) fail(`--${option} takes a number of seconds above 0`);
  return value * 1000;
};
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 200) fail("--concurrency takes a whole number from 1 to 200");

const dataDir = dataDirectory();
const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => controller.abort());

await runAgent({
  baseUrl: process.env.DASHBOARD_URL ?? "http://127.0.0.1:3000",
  token,
  hypervisor: connectHypervisor(values.uri, { dataDir }),
  lxcHypervisor: values["lxc-uri"] ? connectHypervisor(values["lxc-uri"], { dataDir }) : undefined,
  template: { domainType },
  reportEveryMs: seconds("report-every"),
  shutdownTimeoutMs: seconds("shutdown-timeout"),
  requestTimeoutMs: seconds("request-timeout"),
  concurrency,
  signal: controller.signal,
  log: (line) => console.log(`[agent ${values.host}] ${line}`),
});
process.exit(0);

function fail(problem: string): never {
  console.error(`${problem}\n\n${USAGE}`);
  process.exit(2);
}
