import { auditEvent } from "@/lib/audit/audit-event.ts";
import { issueSignInLink } from "@/lib/auth/sign-in-links.ts";
import { accountKey } from "@/lib/auth/sign-in.ts";
import { SIGN_IN_LINK_HOURS, type AdminAccount } from "@/lib/contracts/admin.ts";
import { db, type Prisma } from "@/lib/db/client.ts";
import type { User } from "@/lib/db/generated/client.ts";
import type { Role } from "@/lib/db/generated/enums.ts";
import { isUniqueViolation } from "@/lib/db/unique-violation.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { isUuid } from "@/lib/ids.ts";

// Accounts, as an operator makes them: a customer (or another operator) gets an account without a
// password and a one-time sign-in link to set one (lib/auth/sign-in-links.ts). The link's token is
// answered once; the caller puts the dashboard's public URL in front of its path.

type Operator = { operatorId?: string | null };

export type IssuedLink = { token: string; expiresAt: Date };

/** Who an operator names: by id (the admin API's paths) or by email address (the command line). */
export type AccountRef = { id: string } | { email: string };

export function toAdminAccount(user: User & { _count: { servers: number } }): AdminAccount {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    passwordSet: user.passwordHash !== null,
    servers: user._count.servers,
    createdAt: user.createdAt.toISOString(),
  };
}

const withServerCount = { _count: { select: { servers: true } } } as const;

export function accountNotFound(role: Role, ref?: AccountRef): DomainError {
  const named = ref && "email" in ref ? ` with the email address ${ref.email}` : "";
  return role === "customer"
    ? new DomainError("customer_not_found", ref && "email" in ref ? `No customer${named}.` : "Customer not found")
    : new DomainError("operator_not_found", `No operator${named}.`);
}

/** The account of this role that `ref` names, or the role's not-found error. */
export async function findAccount(tx: Prisma.TransactionClient, ref: AccountRef, role: Role): Promise<User> {
  const where = "id" in ref ? (isUuid(ref.id) ? { id: ref.id } : null) : { email: accountKey(ref.email) };
  const user = where ? await tx.user.findUnique({ where }) : null;
  if (!user || user.role !== role) throw accountNotFound(role, ref);
  return user;
}

export async function listAccounts({ role }: { role: Role }): Promise<AdminAccount[]> {
  const users = await db().user.findMany({ where: { role }, include: withServerCount, orderBy: { email: "asc" } });
  return users.map(toAdminAccount);
}

/** A new account without a password, and its first sign-in link. */
export async function addAccount({
  email,
  name,
  role,
  linkValidHours = SIGN_IN_LINK_HOURS.default,
  operatorId = null,
}: { email: string; name: string; role: Role; linkValidHours?: number } & Operator): Promise<{ account: AdminAccount; link: IssuedLink }> {
  const address = accountKey(email);
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: address, name: name.trim(), role }, include: withServerCount });
      await tx.auditEvent.create({ data: auditEvent("user.created", { actorId: operatorId }, { email: address, role }) });
      const link = await linkFor(tx, user.id, linkValidHours, operatorId);
      return { account: toAdminAccount(user), link };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("email_taken", `An account with the email address ${address} exists already.`, { email: address });
    throw error;
  }
}

/** A fresh sign-in link for the account; its earlier links stop working. Also how a forgotten password is reset. */
export async function renewSignInLink({
  account,
  role,
  linkValidHours = SIGN_IN_LINK_HOURS.default,
  operatorId = null,
}: { account: AccountRef; role: Role; linkValidHours?: number } & Operator): Promise<{ account: AdminAccount; link: IssuedLink }> {
  return db().$transaction(async (tx) => {
    const user = await findAccount(tx, account, role);
    const link = await linkFor(tx, user.id, linkValidHours, operatorId);
    const counted = await tx.user.findUniqueOrThrow({ where: { id: user.id }, include: withServerCount });
    return { account: toAdminAccount(counted), link };
  });
}

async function linkFor(tx: Prisma.TransactionClient, userId: string, validHours: number, operatorId: string | null): Promise<IssuedLink> {
  const link = await issueSignInLink(tx, { userId, validForMs: validHours * 60 * 60_000 });
  await tx.auditEvent.create({ data: auditEvent("user.sign_in_link_issued", { actorId: operatorId }, { userId, expiresAt: link.expiresAt.toISOString() }) });
  return link;
}
