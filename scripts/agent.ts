// `npm run agent -- --host <name> --uri <libvirt uri>`: the host agent, run from the repository (by
// `npm start` for its simulated hosts, by tests, in development). It drives libvirt, or a
// `simulated:///<host>` URI's simulated host, whose state lives in DASHBOARD_DATA_DIR. Nodes run the
// same agent bundled into one file (scripts/vps-agent.ts, docs/agent.md). `--help` lists its options.
import { runAgentCommand } from "../lib/agent/command-line.ts";
import { dataDirectory } from "../lib/data-directory.ts";
import { connectHypervisor } from "../lib/hypervisor/connect.ts";

await runAgentCommand({ name: "npm run agent --", connect: (uri) => connectHypervisor(uri, { dataDir: dataDirectory() }) });
