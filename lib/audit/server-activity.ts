import * as z from "zod/mini";
import { activityEventSchema, type ActivityActor, type ActivityEvent, type ActivityKind } from "@/lib/contracts/activity.ts";
import type { Role } from "@/lib/db/generated/enums.ts";
import { appLog } from "@/lib/observability/logger.ts";
import type { AuditDataOf, AuditKind } from "./audit-event.ts";

// What a customer sees of their server's audit events: which kinds, shown as which activity kind,
// with which of the recorded fields. Anything not listed here (operators' records, a kind added
// later) stays out until it is listed: the host's ledger behind a refusal, the domain names, the
// former owner behind a transfer are never among the fields.

type Shown<K extends AuditKind> = {
  kind: ActivityKind;
  /** The recorded fields the customer sees, as they were recorded. */
  fields: readonly (keyof AuditDataOf<K> & string)[];
  /** Who it was, whoever is on record: servers are added and moved by the provider's staff, from the admin API or the command line. */
  actor?: ActivityActor;
};

const SHOWN: { [K in AuditKind]?: Shown<K> } = {
  "server.ballooning_changed": { kind: "ballooning_changed", fields: ["enabled", "restart"] },
  // The customer was told the reason and their plan; the host's figures are for operators.
  "server.guaranteed_memory_refused": { kind: "guaranteed_memory_refused", fields: ["reason", "requestedMiB"] },
  "action.queued": { kind: "action_queued", fields: ["actionId", "command"] },
  "action.success": { kind: "action_succeeded", fields: ["actionId", "command"] },
  "action.error": { kind: "action_failed", fields: ["actionId", "command", "error"] },
  "server.reinstall_requested": { kind: "reinstall_requested", fields: ["actionId", "image"] },
  "server.switched_to_kvm": { kind: "moved_to_kvm", fields: ["image"] },
  "server.ballooning_applied": { kind: "ballooning_applied", fields: ["enabled"] },
  "server.imported": { kind: "server_added", fields: [], actor: "support" },
  "server.moved": { kind: "server_transferred", fields: [], actor: "support" },
};

const isShown = (kind: string): kind is AuditKind => Object.hasOwn(SHOWN, kind);

/** The audit kinds a server's activity reads. */
export const ACTIVITY_AUDIT_KINDS = Object.keys(SHOWN).filter(isShown);

/** Where a server's history starts for its owner: what happened before a transfer is the former owner's. */
export const OWNER_CHANGED: AuditKind = "server.moved";

/** An audit event as the activity reads it, with its actor's role (null without an actor, or a deleted one). */
export type AuditRow = { id: string; kind: string; data: unknown; createdAt: Date; actorId: string | null; actorRole: Role | null };

/** The event as its owner sees it; null for a kind they do not see, or a record that does not fit its kind. */
export function toActivityEvent(row: AuditRow, ownerId: string): ActivityEvent | null {
  if (!isShown(row.kind)) return null;
  const shown: { kind: ActivityKind; fields: readonly string[]; actor?: ActivityActor } | undefined = SHOWN[row.kind];
  if (!shown) return null;
  const data = isRecord(row.data) ? row.data : {};
  const fields = Object.fromEntries(shown.fields.filter((field) => Object.hasOwn(data, field)).map((field) => [field, data[field]]));
  const candidate = { ...fields, id: row.id, at: row.createdAt.toISOString(), actor: shown.actor ?? actorOf(row, ownerId), kind: shown.kind };
  const parsed = z.safeParse(activityEventSchema, candidate);
  if (parsed.success) return parsed.data;
  appLog().warn({ auditEventId: row.id, kind: row.kind }, "an audit event does not fit its activity kind; left out of the server's activity");
  return null;
}

/**
 * The owner themself, or the provider's staff. Nobody else acts on a customer's server, and what its
 * former owner did comes before its transfer and is not read; an account deleted since, or none on
 * record (the host, the dashboard's own clean-up), is the system.
 */
function actorOf(row: AuditRow, ownerId: string): ActivityActor {
  if (row.actorId === ownerId) return "you";
  if (row.actorRole === "operator") return "support";
  return "system";
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
