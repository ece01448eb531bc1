import * as z from "zod/mini";
import type { AuditKind } from "@/lib/audit/audit-event.ts";
import { db } from "@/lib/db/client.ts";
import type { ActionCommand, ActionStatus, BalloonModel, ServerStatus, Virtualization } from "@/lib/db/generated/enums.ts";
import type { AdminHost } from "@/lib/contracts/admin.ts";
import { memoryLedgers, type MemoryLedger } from "@/lib/hosts/memory-ledger.ts";
import { listHosts } from "./hosts.ts";

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

/** A host as the admin API lists it, with its memory ledger and what its balloons hold back now. */
export type OperatorHostRow = AdminHost & {
  memory: MemoryLedger | undefined;
  /** What balloons currently keep from running guests: plan minus balloon size, from the last minutes' readings. */
  heldByBalloonsMiB: number;
};

/** A reading older than this says nothing about what a balloon holds now. */
const RECENT_READING = "10 minutes";

/** Every host, and the moment they were read (for "reported 8 s ago"). */
export async function operatorHosts(): Promise<{ at: number; hosts: OperatorHostRow[] }> {
  const [hosts, ledgers, held] = await Promise.all([listHosts(), memoryLedgers(), heldByBalloons()]);
  const ledgerOf = new Map(ledgers.map((ledger) => [ledger.hostName, ledger]));
  const rows = hosts.map((host) => ({ ...host, memory: ledgerOf.get(host.name), heldByBalloonsMiB: held.get(host.name) ?? 0 }));
  return { at: Date.now(), hosts: rows };
}

/** Per host name: the memory balloons hold back from KVM guests, by each server's newest recent reading. */
async function heldByBalloons(): Promise<Map<string, number>> {
  const rows = await db().$queryRaw<{ host: string; held_kib: bigint | null }[]>`
    SELECT h.name AS host, SUM(GREATEST(0, s.memory_mib::bigint * 1024 - latest.balloon_kib)) AS held_kib
    FROM servers s
    JOIN hosts h ON h.id = s.host_id
    JOIN LATERAL (
      SELECT balloon_kib FROM memory_samples m
      WHERE m.server_id = s.id AND m.at > now() - ${RECENT_READING}::interval
      ORDER BY m.at DESC LIMIT 1
    ) latest ON latest.balloon_kib IS NOT NULL
    WHERE s.virtualization = 'kvm'
    GROUP BY h.name`;
  return new Map(rows.map((row) => [row.host, Math.round(Number(row.held_kib ?? 0n) / 1024)]));
}

export type RefusalRow = {
  id: string;
  at: Date;
  server: { id: string; name: string } | null;
  customer: string | null;
  requestedMiB: number;
  reservedMiB: number;
  capacityMiB: number | null;
  reason: "host_full" | "host_memory_unknown";
};

/** Requests for guaranteed memory that hosts had no room for, newest first. */
export async function recentRefusals(limit = 50): Promise<RefusalRow[]> {
  const events = await db().auditEvent.findMany({
    where: { kind: "server.guaranteed_memory_refused" satisfies AuditKind },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { server: { select: { id: true, name: true } }, actor: { select: { email: true } } },
  });
  return events.flatMap((event) => {
    const data = refusalData(event.data);
    return data ? [{ id: String(event.id), at: event.createdAt, server: event.server, customer: event.actor?.email ?? null, ...data }] : [];
  });
}


const refusalSchema = z.object({
  reason: z.enum(["host_full", "host_memory_unknown"]),
  requestedMiB: z.number(),
  reservedMiB: z.number(),
  capacityMiB: z.nullable(z.number()),
});

/** The audit record's figures; a record of another shape (an older version's) is left out. */
function refusalData(data: unknown) {
  const parsed = z.safeParse(refusalSchema, data);
  return parsed.success ? parsed.data : null;
}
