import { LibvirtHypervisor } from "./libvirt/libvirt-hypervisor.ts";
import { createSimulatedHypervisor } from "./simulated/simulated-hypervisor.ts";
import type { Hypervisor } from "./types.ts";

/** The driver for a host's URI: `simulated:///<name>` for the simulated host, anything else libvirt. */
export function connectHypervisor(uri: string, { dataDir }: { dataDir: string }): Hypervisor {
  return uri.startsWith("simulated:") ? createSimulatedHypervisor({ uri, dataDir }) : new LibvirtHypervisor(uri);
}
