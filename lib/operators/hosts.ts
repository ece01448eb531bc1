import { auditEvent } from "@/lib/audit/audit-event.ts";
import type { AdminHost, CreateHostBody } from "@/lib/contracts/admin.ts";
import { db } from "@/lib/db/client.ts";
import type { Host } from "@/lib/db/generated/client.ts";
import { isUniqueViolation } from "@/lib/db/unique-violation.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { newAgentToken } from "@/lib/hosts/agent-token.ts";
import { parseHostDomains } from "@/lib/hosts/host-domains.ts";

// The hypervisor nodes, as an operator manages them: add one (its agent's token is answered once,
// only its hash is kept), replace its agent's token, remove one that no server is on any more.
// `operatorId` is who asked, for the audit log: none from the command line.

type Operator = { operatorId?: string | null };

export function toAdminHost(host: Host & { _count: { servers: number } }): AdminHost {
  return {
    name: host.name,
    hypervisorUri: host.hypervisorUri,
    createdAt: host.createdAt.toISOString(),
    agentLastSeenAt: host.lastSeenAt?.toISOString() ?? null,
    agentVersion: host.agentVersion,
    domains: host.domainsReportedAt ? parseHostDomains(host.domains).length : null,
    memoryKiB: host.memoryKiB === null ? null : Number(host.memoryKiB),
    cpus: host.cpus,
    servers: host._count.servers,
  };
}

export const hostNotFound = (name: string) => new DomainError("host_not_found", `No host named ${name}.`, { name });

const withServerCount = { _count: { select: { servers: true } } } as const;

export async function listHosts(): Promise<AdminHost[]> {
  const hosts = await db().host.findMany({ include: withServerCount, orderBy: { name: "asc" } });
  return hosts.map(toAdminHost);
}

export async function addHost({ name, hypervisorUri, operatorId = null }: CreateHostBody & Operator): Promise<{ host: AdminHost; agentToken: string }> {
  const { token, hash } = newAgentToken();
  try {
    const host = await db().$transaction(async (tx) => {
      const created = await tx.host.create({ data: { name, hypervisorUri, agentTokenHash: hash }, include: withServerCount });
      await tx.auditEvent.create({ data: auditEvent("host.created", { actorId: operatorId }, { name, hypervisorUri }) });
      return created;
    });
    return { host: toAdminHost(host), agentToken: token };
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("host_name_taken", `A host named ${name} exists already.`, { name });
    throw error;
  }
}

/** A new token for the host's agent; the old one stops working with this write. */
export async function rotateAgentToken({ name, operatorId = null }: { name: string } & Operator): Promise<{ host: AdminHost; agentToken: string }> {
  const { token, hash } = newAgentToken();
  const host = await db().$transaction(async (tx) => {
    const found = await tx.host.findUnique({ where: { name } });
    if (!found) throw hostNotFound(name);
    await tx.auditEvent.create({ data: auditEvent("host.agent_token_replaced", { actorId: operatorId }, { name }) });
    return tx.host.update({ where: { id: found.id }, data: { agentTokenHash: hash }, include: withServerCount });
  });
  return { host: toAdminHost(host), agentToken: token };
}

/** Removes a host no server is on. The host row is locked, so a server cannot be placed on it meanwhile. */
export async function removeHost({ name, operatorId = null }: { name: string } & Operator): Promise<AdminHost> {
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM hosts WHERE name = ${name} FOR UPDATE`;
    if (!locked) throw hostNotFound(name);
    const host = await tx.host.findUniqueOrThrow({ where: { id: locked.id }, include: withServerCount });
    const servers = host._count.servers;
    if (servers > 0) {
      const count = servers === 1 ? "1 server is" : `${servers} servers are`;
      throw new DomainError("host_has_servers", `${count} still on ${name}; a host can be removed only once none is.`, { servers });
    }
    await tx.host.delete({ where: { id: host.id } });
    await tx.auditEvent.create({ data: auditEvent("host.removed", { actorId: operatorId }, { name }) });
    return toAdminHost(host);
  });
}
