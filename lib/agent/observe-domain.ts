import { domainSummary, isBallooning, readBalloon } from "@/lib/hypervisor/domain-xml.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import type { Observation } from "@/lib/contracts/provider.ts";

/** `diskGiB`: the first disk's size in whole GiB, when asked for and readable; null otherwise. */
export type DomainDefinitions = Observation & { memoryKiB: number | null; vcpus: number | null; diskGiB: number | null };

const GIB = 1024 ** 3;

const balloonOf = (xml: string) => {
  const state = readBalloon(xml);
  return state.supported ? (isBallooning(state) ? "virtio" : "none") : null;
};

/**
 * The domain's power state and the balloon of its running (live) and next (persistent) definition;
 * with `disk`, the size of its disk too (for an operator's import: one more call to libvirt, and a
 * disk that cannot be read leaves the size unknown rather than the domain unreported).
 */
export async function observeDomain(hypervisor: Hypervisor, name: string, { disk = false }: { disk?: boolean } = {}): Promise<DomainDefinitions> {
  const state = await hypervisor.domainState(name);
  const persistent = await hypervisor.domainXml(name, "persistent");
  // A shut-off domain has no running definition: the persistent one is what it will run with.
  const live = state === "shutoff" ? persistent : await hypervisor.domainXml(name, "live");
  const { memoryKiB, vcpus } = domainSummary(persistent);
  const diskBytes = disk ? await hypervisor.diskCapacityBytes(name).catch(() => null) : null;
  const diskGiB = diskBytes === null ? null : Math.max(1, Math.round(diskBytes / GIB));
  return { state, balloon: balloonOf(live), pendingBalloon: balloonOf(persistent), memoryKiB, vcpus, diskGiB };
}

/** Just the observation, as the provider API takes it, stamped with when it was made. */
export async function observation(hypervisor: Hypervisor, name: string): Promise<Observation> {
  const at = new Date().toISOString();
  const { state, balloon, pendingBalloon } = await observeDomain(hypervisor, name);
  return { state, balloon, pendingBalloon, at, definitionsAt: at };
}
