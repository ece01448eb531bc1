import { randomBytes } from "node:crypto";
import { auditEvent } from "@/lib/audit/audit-event.ts";
import { db, type Prisma } from "@/lib/db/client.ts";
import { hashToken } from "./api-tokens.ts";
import { hashPassword } from "./password.ts";
import { passwordProblem, type PasswordProblem } from "./password-rules.ts";
import type { SignedInUser } from "./sign-in.ts";

// One-time sign-in links: an operator makes an account without a password and sends its owner a
// link (`/welcome/<token>`) to set one. The token is 256 random bits, stored as its SHA-256 only and
// found by that hash through a unique index: nothing is compared byte by byte, so timing tells a
// guesser nothing, and there are too many tokens to guess one. A link works once, until it expires,
// and only while it is the account's newest.

const PREFIX = "vpsl_";
const TOKEN = /^vpsl_[A-Za-z0-9_-]{43}$/;

/** The page a link opens; the caller puts the public base URL in front. */
export const signInLinkPath = (token: string) => `/welcome/${token}`;

/**
 * A new link for the user, replacing any earlier one that still worked. The token is answered this
 * once; only its hash is stored. Runs in the caller's transaction, so an account and its first link
 * are made together.
 */
export async function issueSignInLink(tx: Prisma.TransactionClient, { userId, validForMs, now = new Date() }: { userId: string; validForMs: number; now?: Date }) {
  const token = PREFIX + randomBytes(32).toString("base64url");
  await tx.signInLink.updateMany({ where: { userId, usedAt: null, replacedAt: null }, data: { replacedAt: now } });
  const link = await tx.signInLink.create({ data: { userId, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + validForMs) } });
  return { token, expiresAt: link.expiresAt };
}

export type SignInLinkState = "valid" | "used" | "replaced" | "expired" | "unknown";

export type SignInLinkStatus =
  | { state: "valid"; user: { email: string; name: string }; expiresAt: Date }
  | { state: "expired"; expiresAt: Date }
  | { state: "used" | "replaced" | "unknown" };

/** What a link is now. A used link says so even once it has expired: that is what its holder needs to know. */
export async function signInLinkStatus(token: string, now = new Date()): Promise<SignInLinkStatus> {
  if (!TOKEN.test(token)) return { state: "unknown" };
  const link = await db().signInLink.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { email: true, name: true } } } });
  if (!link) return { state: "unknown" };
  if (link.usedAt) return { state: "used" };
  if (link.replacedAt) return { state: "replaced" };
  if (link.expiresAt <= now) return { state: "expired", expiresAt: link.expiresAt };
  return { state: "valid", user: link.user, expiresAt: link.expiresAt };
}

export type LinkRefusal = "link_used" | "link_replaced" | "link_expired" | "link_unknown";

export type RedeemResult = { ok: true; user: SignedInUser } | { ok: false; reason: LinkRefusal | PasswordProblem };

const refusal = (state: Exclude<SignInLinkState, "valid">): LinkRefusal => `link_${state}`;

/**
 * Sets the user's password through a link, and uses the link up. Only one of two requests racing
 * with the same link sets a password. Every session of the account ends, as with any new password.
 */
export async function redeemSignInLink({ token, password, now = new Date() }: { token: string; password: string; now?: Date }): Promise<RedeemResult> {
  const status = await signInLinkStatus(token, now);
  if (status.state !== "valid") return { ok: false, reason: refusal(status.state) };
  const problem = passwordProblem(password, { email: status.user.email });
  if (problem) return { ok: false, reason: problem };
  const passwordHash = await hashPassword(password);
  const user = await db().$transaction(async (tx) => {
    const link = await tx.signInLink.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    const taken = await tx.signInLink.updateMany({ where: { id: link.id, usedAt: null, replacedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (taken.count !== 1) return null;
    await tx.session.updateMany({ where: { userId: link.userId, revokedAt: null }, data: { revokedAt: now } });
    await tx.auditEvent.create({ data: auditEvent("user.password_set", { actorId: link.userId }, { via: "sign_in_link" }) });
    return tx.user.update({ where: { id: link.userId }, data: { passwordHash }, select: { id: true, email: true, name: true, role: true } });
  });
  if (user) return { ok: true, user };
  // Another request used it (or it expired) between the look and the update.
  const after = await signInLinkStatus(token, now);
  return { ok: false, reason: after.state === "valid" ? "link_used" : refusal(after.state) };
}
