import { auditEvent } from "@/lib/audit/audit-event.ts";
import type { AdminServer, ImportResult, ImportServersBody, ServerListQuery, SkipReason } from "@/lib/contracts/admin.ts";
import type { Observation } from "@/lib/contracts/provider.ts";
import { db, type Prisma } from "@/lib/db/client.ts";
import type { Server } from "@/lib/db/generated/client.ts";
import type { Virtualization } from "@/lib/db/generated/enums.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import { parseHostDomains, type HostDomain } from "@/lib/hosts/host-domains.ts";
import { applyObservation } from "@/lib/hosts/observation.ts";
import { isUuid } from "@/lib/ids.ts";
import { IMPORTED_IMAGE } from "@/lib/images/image-names.ts";
import { findAccount } from "./customers.ts";
import { hostNotFound } from "./hosts.ts";

// Servers across customers, as an operator manages them: list them, import the domains a host's
// agent reported as a customer's servers, give a server to another customer.

type Operator = { operatorId?: string | null };

const serverInclude = { host: { select: { name: true } }, owner: { select: { id: true, email: true } } } as const;

type ServerWithNames = Server & { host: { name: string }; owner: { id: string; email: string } };

export function toAdminServer(server: ServerWithNames): AdminServer {
  return {
    id: server.id,
    name: server.name,
    host: server.host.name,
    domainName: server.domainName,
    owner: { id: server.owner.id, email: server.owner.email },
    virtualization: server.virtualization,
    memoryMiB: server.memoryMiB,
    vcpus: server.vcpus,
    diskGiB: server.diskGiB,
    image: server.image,
    status: server.status,
    ballooningEnabled: server.ballooningEnabled,
    createdAt: server.createdAt.toISOString(),
  };
}

/** Every server, or a host's or a customer's; a filter that names nothing is refused rather than answered with none. */
export async function listAllServers({ host, owner }: ServerListQuery = {}): Promise<AdminServer[]> {
  const where: Prisma.ServerWhereInput = {};
  if (host !== undefined) {
    const found = await db().host.findUnique({ where: { name: host }, select: { id: true } });
    if (!found) throw hostNotFound(host);
    where.hostId = found.id;
  }
  if (owner !== undefined) where.ownerId = (await findAccount(db(), { email: owner }, "customer")).id;
  const servers = await db().server.findMany({ where, include: serverInclude, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return servers.map(toAdminServer);
}

type Skip = ImportResult["skipped"][number];

/**
 * Makes a server for the customer of each domain the host's agent last reported (or of those named),
 * sized as its definition says and starting out as the domain runs. A domain a server is known by is
 * skipped, so importing again changes nothing; so is one the agent did not report or could not size.
 */
export async function importServers({ host: hostName, owner, domains, operatorId = null }: ImportServersBody & Operator): Promise<ImportResult> {
  return db().$transaction(
    async (tx) => {
      // Locked: two imports of one host run one after the other, and the second skips what the first made.
      const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM hosts WHERE name = ${hostName} FOR UPDATE`;
      if (!locked) throw hostNotFound(hostName);
      const host = await tx.host.findUniqueOrThrow({ where: { id: locked.id } });
      const customer = await findAccount(tx, { email: owner }, "customer");
      if (!host.domainsReportedAt) {
        throw new DomainError(
          "host_not_reported",
          `No agent has reported from ${host.name} yet, so its domains are unknown. Start the host's agent (npm run agent -- --host ${host.name} --uri ${host.hypervisorUri}), then import once it has reported.`,
          { host: host.name },
        );
      }
      const reportedAt = host.domainsReportedAt;
      const reported = new Map(parseHostDomains(host.domains).map((domain) => [domain.name, domain]));
      const known = new Map(
        (await tx.server.findMany({ where: { hostId: host.id }, select: { id: true, name: true, domainName: true, owner: { select: { email: true } } } })).map((server) => [
          server.domainName,
          server,
        ]),
      );
      const wanted = domains ?? [...reported.keys()].map((name) => ({ name, serverName: undefined }));
      const created: AdminServer[] = [];
      const skipped: Skip[] = [];
      const skip = (domain: string, reason: SkipReason, message: string, serverId?: string) => skipped.push({ domain, reason, message, ...(serverId ? { serverId } : {}) });

      for (const { name, serverName } of wanted) {
        const server = known.get(name);
        const domain = reported.get(name);
        const plan = domain && planOf(domain);
        if (server) skip(name, "already_imported", `Already a server: ${server.name}, of ${server.owner.email}.`, server.id);
        else if (!domain || !plan) skip(name, "not_reported", `The agent's last report (${reportedAt.toISOString()}) does not list it.`);
        else if ("reason" in plan) skip(name, plan.reason, plan.message);
        else {
          const made = await createImported(tx, { hostId: host.id, ownerId: customer.id, domain, plan, name: serverName ?? name, reportedAt });
          await tx.auditEvent.create({ data: auditEvent("server.imported", { actorId: operatorId, serverId: made.id }, { host: host.name, domain: name, ownerId: customer.id }) });
          known.set(name, { id: made.id, name: made.name, domainName: name, owner: { email: customer.email } });
          created.push(toAdminServer(made));
        }
      }
      return { created, skipped };
    },
    // A node of a few thousand domains is imported in one transaction.
    { timeout: 120_000 },
  );
}

/** `diskGiB` null: the agent could not read the disk's size; the server is made all the same, its disk unknown. */
type Plan = { virtualization: Virtualization; memoryMiB: number; vcpus: number; diskGiB: number | null };

/** The server a reported domain becomes, or why it cannot become one. */
function planOf(domain: HostDomain): Plan | { reason: SkipReason; message: string } {
  if (domain.virtualization === "other") return { reason: "unsupported_virtualization", message: "It is neither a KVM nor an LXC domain." };
  if (domain.memoryKiB === null || domain.memoryKiB < 1024) return { reason: "no_memory_size", message: "The agent could not read the memory size of its definition." };
  if (domain.vcpus === null) return { reason: "no_vcpu_count", message: "The agent could not read the vCPU count of its definition." };
  const diskGiB = domain.diskGiB && domain.diskGiB > 0 ? domain.diskGiB : null;
  return { virtualization: domain.virtualization, memoryMiB: Math.floor(domain.memoryKiB / 1024), vcpus: domain.vcpus, diskGiB };
}

async function createImported(
  tx: Prisma.TransactionClient,
  { hostId, ownerId, domain, plan, name, reportedAt }: { hostId: string; ownerId: string; domain: HostDomain; plan: Plan; name: string; reportedAt: Date },
): Promise<ServerWithNames> {
  const kvm = plan.virtualization === "kvm";
  // The customer's choice starts as what the definition says (what the next cold restart brings), so
  // an import never leaves a restart pending. LXC has no balloon.
  const balloon = kvm ? (domain.balloon ?? null) : null;
  const next = kvm ? (domain.pendingBalloon ?? balloon) : null;
  const server = await tx.server.create({
    data: {
      ownerId,
      hostId,
      name,
      domainName: domain.name,
      ...plan,
      image: IMPORTED_IMAGE,
      ballooningEnabled: kvm && next !== "none",
    },
  });
  // What the agent reported of it, as its next report would record it.
  const at = reportedAt.toISOString();
  const observation: Observation = { state: domain.state, balloon, pendingBalloon: next, at, definitionsAt: at };
  await applyObservation(tx, server.id, observation, { receivedAt: reportedAt });
  return tx.server.findUniqueOrThrow({ where: { id: server.id }, include: serverInclude });
}

/** Gives the server to another customer: the former owner loses it at once. */
export async function moveServer({ serverId, owner, operatorId = null }: { serverId: string; owner: string } & Operator): Promise<AdminServer> {
  if (!isUuid(serverId)) throw notFound("server_not_found");
  return db().$transaction(async (tx) => {
    const server = await tx.server.findUnique({ where: { id: serverId } });
    if (!server) throw notFound("server_not_found");
    const customer = await findAccount(tx, { email: owner }, "customer");
    if (customer.id !== server.ownerId) {
      await tx.server.update({ where: { id: serverId }, data: { ownerId: customer.id } });
      await tx.auditEvent.create({ data: auditEvent("server.moved", { actorId: operatorId, serverId }, { fromOwnerId: server.ownerId, toOwnerId: customer.id }) });
    }
    return toAdminServer(await tx.server.findUniqueOrThrow({ where: { id: serverId }, include: serverInclude }));
  });
}
