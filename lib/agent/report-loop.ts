import { memoryFigures } from "@/lib/hypervisor/memory-stats.ts";
import { baseVolumes } from "@/lib/images/catalogue.ts";
import type { Hypervisor } from "@/lib/hypervisor/types.ts";
import type { DomainReport, NodeReport, AgentReport } from "@/lib/contracts/provider.ts";
import { observeDomain, type DomainDefinitions } from "./observe-domain.ts";
import { AGENT_VERSION } from "./version.ts";

// Builds the agent's periodic report: every domain's state and balloon, and a memory reading from
// one statistics call for the whole host. Domain XML is re-read only when a domain's state changed
// or a minute passed (or after an action), so a host with hundreds of domains costs little per round.
// The node's own figures (physical memory, CPUs) change only when hardware does: read every few minutes.
// The catalogue's base volumes in the image pool change when an operator prepares one: read every minute.

const XML_REFRESH_MS = 60_000;
const NODE_REFRESH_MS = 5 * 60_000;
const VOLUMES_REFRESH_MS = 60_000;
/** A domain's disk size (for an operator's import) changes with a resize or a reinstall: read every ten minutes, or after an action. */
const DISK_REFRESH_MS = 10 * 60_000;

export class DomainReporter {
  private readonly cache = new Map<string, { definitions: DomainDefinitions; readAt: number; diskReadAt: number }>();
  /** Domains an action is changing: their XML is read afresh for every report until it ends. */
  private readonly changing = new Set<string>();
  private node: { report: NodeReport; readAt: number } | undefined;
  private imageVolumes: { names: string[] | undefined; readAt: number } | undefined;

  constructor(
    private readonly hypervisor: Hypervisor,
    /** The pool the catalogue's base volumes are looked for in. */
    private readonly imagePool = "default",
  ) {}

  /**
   * While an action changes a domain, reports read its XML every time: a cached balloon from before a
   * restart, arriving after the action completed, would tell the dashboard the change was undone.
   */
  beginChange(name: string): void {
    this.changing.add(name);
    this.cache.delete(name);
  }

  endChange(name: string): void {
    this.changing.delete(name);
    this.cache.delete(name);
  }

  /** The whole report: the node, every domain, and the base volumes the node has. */
  async buildReport(now = Date.now()): Promise<AgentReport> {
    const [node, domains, imageVolumes] = await Promise.all([this.nodeReport(now), this.domainReports(now), this.imageVolumeNames(now)]);
    return { ...(node ? { node } : {}), domains, ...(imageVolumes ? { imageVolumes } : {}) };
  }

  /** The catalogue's base volumes in the image pool; undefined when the pool cannot be read, which fails nothing. */
  private async imageVolumeNames(now: number): Promise<string[] | undefined> {
    if (!this.imageVolumes || now - this.imageVolumes.readAt > VOLUMES_REFRESH_MS) {
      const wanted = new Set(baseVolumes());
      const names = await this.hypervisor.listVolumes(this.imagePool).then(
        (volumes) => volumes.map((volume) => volume.name).filter((name) => wanted.has(name)).sort(),
        () => undefined,
      );
      this.imageVolumes = { names, readAt: now };
    }
    return this.imageVolumes.names;
  }

  /** The node's figures; a node that cannot say this round reports its domains regardless. */
  private async nodeReport(now: number): Promise<NodeReport | undefined> {
    if (!this.node || now - this.node.readAt > NODE_REFRESH_MS) {
      const info = await this.hypervisor.nodeInfo().catch(() => undefined);
      if (info) this.node = { report: { ...info, agentVersion: AGENT_VERSION }, readAt: now };
    }
    return this.node?.report;
  }

  private async domainReports(now: number): Promise<DomainReport[]> {
    const domains = await this.hypervisor.listDomains();
    const stats = new Map((await this.hypervisor.memoryStats()).map((entry) => [entry.name, entry]));
    const reports: DomainReport[] = [];
    for (const domain of domains) {
      const cached = this.cache.get(domain.name);
      let definitions = cached?.definitions;
      let readAt = cached?.readAt ?? now;
      const stale = !cached || this.changing.has(domain.name) || cached.definitions.state !== domain.state || now - cached.readAt > XML_REFRESH_MS;
      if (stale) {
        // The disk's size costs libvirt a call of its own: read it only when the one kept is old.
        const diskDue = !cached || now - cached.diskReadAt > DISK_REFRESH_MS;
        definitions = await observeDomain(this.hypervisor, domain.name, { disk: diskDue }).catch(() => undefined);
        if (definitions && !diskDue && cached) definitions = { ...definitions, diskGiB: cached.definitions.diskGiB };
        readAt = now;
        if (definitions) this.cache.set(domain.name, { definitions, readAt, diskReadAt: diskDue ? now : (cached?.diskReadAt ?? now) });
      }
      if (!definitions) continue; // undefined between listing and reading: the next round sees it
      const domainStats = stats.get(domain.name);
      const figures = domainStats ? memoryFigures(domainStats, definitions.memoryKiB) : null;
      reports.push({
        name: domain.name,
        virtualization: domain.virtualization,
        state: domain.state,
        balloon: definitions.balloon,
        pendingBalloon: definitions.pendingBalloon,
        definition: { memoryKiB: definitions.memoryKiB, vcpus: definitions.vcpus, diskGiB: definitions.diskGiB },
        // The state is this round's; the balloons are as old as the XML they were read from.
        at: new Date(now).toISOString(),
        definitionsAt: new Date(readAt).toISOString(),
        memory:
          figures && figures.totalKiB !== null
            ? { ...figures, totalKiB: figures.totalKiB, at: new Date(now).toISOString() }
            : null,
      });
    }
    return reports;
  }
}
