import type { Prisma } from "@/lib/db/client.ts";
import type { ApiTokenScope, BalloonModel } from "@/lib/db/generated/enums.ts";
import type { CommandName } from "@/lib/actions/commands/index.ts";

// The audit log's kinds and what each records, in one place: the writers below are typed by kind,
// so a renamed kind or a missing field fails the type check, and readers (the memory chart's
// markers, the activity log) can rely on the shape of `data`.

type AuditData = {
  "user.signed_in": Record<string, never>;
  /** The user set their password (through a sign-in link an operator sent). */
  "user.password_set": { via: "sign_in_link" };
  // What operators do (lib/operators); the actor is the operator on the admin API, none from the command line.
  "user.created": { email: string; role: "customer" | "operator" };
  "user.sign_in_link_issued": { userId: string; expiresAt: string };
  "host.created": { name: string; hypervisorUri: string };
  "host.agent_token_replaced": { name: string };
  "host.removed": { name: string };
  "server.imported": { host: string; domain: string; ownerId: string };
  "server.moved": { fromOwnerId: string; toOwnerId: string };
  /** The customer changed the desired ballooning; `restart` says whether a restart was queued with it. */
  "server.ballooning_changed": { enabled: boolean; restart: "now" | "later" };
  /** `login`: how the customer chose to log in (a key or a generated password), never the key or the password. */
  "server.reinstall_requested": { actionId: string; image: string; kvmDomain: string; login?: "ssh_key" | "generated_password" };
  /**
   * Disabling ballooning was refused because the host cannot guarantee the server's plan: for the
   * operator's pages. The ledger as it stood, in MiB: `reservedMiB` by other servers, `capacityMiB` =
   * `physicalMiB` − `headroomMiB` (both null while the host has not reported its memory).
   */
  "server.guaranteed_memory_refused": {
    hostId: string;
    reason: "host_full" | "host_memory_unknown";
    requestedMiB: number;
    reservedMiB: number;
    capacityMiB: number | null;
    physicalMiB: number | null;
    headroomMiB: number;
  };
  /** A reinstall finished: the record moved from its container to its new KVM domain. */
  "server.switched_to_kvm": { from: string; to: string; image: string };
  /**
   * A running domain was first seen with another balloon (virtio ⇄ none) than it last ran with,
   * whoever changed it: an applied setting, a restart that brought a pending definition, or an
   * operator on the node. The memory chart marks these.
   */
  "server.ballooning_applied": { enabled: boolean; from: BalloonModel; to: BalloonModel };
  "action.queued": { actionId: string; command: CommandName };
  "action.success": { actionId: string; command: CommandName; error: null };
  "action.error": { actionId: string; command: CommandName; error: { code: string; message: string } };
  /** A customer made an API token in the dashboard; its secret is never recorded, its prefix names it. */
  "token.created": { tokenId: string; name: string; prefix: string; scope: ApiTokenScope; expiresAt: string | null };
  "token.revoked": { tokenId: string; name: string; prefix: string };
  /** The user changed their password, signed in, with the current one; `endedSessions` of their other sessions ended with it. */
  "user.password_changed": { endedSessions: number };
};

export type AuditKind = keyof AuditData;

export const AUDIT_KINDS = {
  ballooningApplied: "server.ballooning_applied",
  switchedToKvm: "server.switched_to_kvm",
} as const satisfies Record<string, AuditKind>;

type AuditFields = { actorId?: string | null; serverId?: string | null; createdAt?: Date };

/** The row for an audit event of `kind`, ready for `auditEvent.create({ data })`. */
export function auditEvent<K extends AuditKind>(kind: K, fields: AuditFields, data: AuditData[K]): Prisma.AuditEventUncheckedCreateInput {
  return { ...fields, kind, data };
}

/** What an audit event of `kind` records in `data`: for readers (a server's activity). */
export type AuditDataOf<K extends AuditKind> = AuditData[K];
