#!/usr/bin/env node
// The node agent: `npm run build:agent` bundles this into dist/agent/vps-agent.mjs, one file that a
// hypervisor node runs with Node.js alone (docs/agent.md). The same command line as `npm run agent`,
// for libvirt only: the simulated host is a development stand-in and stays out of the bundle.
import { runAgentCommand } from "../lib/agent/command-line.ts";
import { LibvirtHypervisor } from "../lib/hypervisor/libvirt/libvirt-hypervisor.ts";

await runAgentCommand({
  name: "vps-agent.mjs",
  connect: (uri) => {
    if (uri.startsWith("simulated:")) throw new Error(`${uri} is a simulated host, which only \`npm run agent\` in the dashboard's repository drives`);
    return new LibvirtHypervisor(uri);
  },
});
