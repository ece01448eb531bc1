import { db } from "@/lib/db/client.ts";
import type { ActionCommand, ActionStatus, BalloonModel, ServerStatus, Virtualization } from "@/lib/db/generated/enums.ts";
import { parseHostDomains } from "@/lib/hosts/host-domains.ts";

// What the operator pages show: every server with its owner and what is pending or failing on it,
// and the actions that failed with the host's own message, which customers never see. Callers are
// operators (the pages check the role); nothing here is filtered by owner.

export type OperatorServerRow = {
  id: string;
  name: string;
  domainName: string;
  owner: { name: string; email: string };
  host: string;
  virtualization: Virtualization;
  memoryMiB: number;
  vcpus: number;
  status: ServerStatus;
  ballooningEnabled: boolean;
  /** The balloon of the persistent definition, as last observed; null for LXC or not yet seen. */
  definedBalloon: BalloonModel | null;
  /** The customer's choice is not yet what the host runs with. */
  changePending: boolean;
  latestAction: { id: string; command: ActionCommand; status: ActionStatus; errorCode: string | null; createdAt: Date } | null;
};

const runsWith = (enabled: boolean, balloon: BalloonModel | null) => balloon === null || (balloon === "none") === !enabled;

export async function operatorServers(filter: { hostId?: string } = {}): Promise<OperatorServerRow[]> {
  const servers = await db().server.findMany({
    where: filter.hostId ? { hostId: filter.hostId } : {},
    orderBy: [{ host: { name: "asc" } }, { name: "asc" }],
    include: {
      owner: { select: { name: true, email: true } },
      host: { select: { name: true } },
      actions: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, command: true, status: true, errorCode: true, createdAt: true } },
    },
  });
  return servers.map((server) => ({
    id: server.id,
    name: server.name,
    domainName: server.domainName,
    owner: server.owner,
    host: server.host.name,
    virtualization: server.virtualization,
    memoryMiB: server.memoryMiB,
    vcpus: server.vcpus,
    status: server.status,
    ballooningEnabled: server.ballooningEnabled,
    definedBalloon: server.observedNextBalloon,
    changePending:
      server.virtualization === "kvm" &&
      !(runsWith(server.ballooningEnabled, server.observedBalloon) && runsWith(server.ballooningEnabled, server.observedNextBalloon)),
    latestAction: server.actions[0] ?? null,
  }));
}

export type FailedActionRow = {
  id: string;
  command: ActionCommand;
  server: { id: string; name: string; domainName: string };
  owner: string;
  host: string;
  errorCode: string | null;
  /** What the customer was told. */
  message: string | null;
  /** libvirt's own words, for operators only. */
  detail: string | null;
  attempts: number;
  finishedAt: Date | null;
};

/** Failed actions, newest first. */
export async function recentFailedActions(limit = 50): Promise<FailedActionRow[]> {
  const actions = await db().action.findMany({
    where: { status: "error" },
    orderBy: [{ finishedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    take: limit,
    include: { server: { select: { id: true, name: true, domainName: true, owner: { select: { email: true } } } }, host: { select: { name: true } } },
  });
  return actions.map((action) => ({
    id: action.id,
    command: action.command,
    server: { id: action.server.id, name: action.server.name, domainName: action.server.domainName },
    owner: action.server.owner.email,
    host: action.host.name,
    errorCode: action.errorCode,
    message: action.errorMsg,
    detail: action.errorDetail,
    attempts: action.attempts,
    finishedAt: action.finishedAt,
  }));
}

export type OperatorHostRow = {
  id: string;
  name: string;
  uri: string;
  lastSeenAt: Date | null;
  agentVersion: string | null;
  /** Domains in the agent's last report, known to the dashboard or not; null before any report. */
  domainCount: number | null;
  serverCount: number;
  cpus: number | null;
};

/** Every host, and the moment they were read (for "reported 8 s ago"). */
export async function operatorHosts(): Promise<{ at: number; hosts: OperatorHostRow[] }> {
  const hosts = await db().host.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { servers: true } } } });
  const rows = hosts.map((host) => ({
    id: host.id,
    name: host.name,
    uri: host.hypervisorUri,
    lastSeenAt: host.lastSeenAt,
    agentVersion: host.agentVersion,
    domainCount: host.domainsReportedAt ? parseHostDomains(host.domains).length : null,
    serverCount: host._count.servers,
    cpus: host.cpus,
  }));
  return { at: Date.now(), hosts: rows };
}
