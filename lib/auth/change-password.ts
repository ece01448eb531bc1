import { auditEvent } from "@/lib/audit/audit-event.ts";
import { db } from "@/lib/db/client.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { secondsUntil, TooManyAttempts } from "@/lib/errors/too-many-attempts.ts";
import { unauthorized, type Actor } from "./actor.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { accountNotForTokens, canManageAccount } from "./permissions.ts";
import { NEW_PASSWORD_PROBLEMS, passwordProblem, samePassword, type NewPasswordProblem } from "./password-rules.ts";
import { countAttempt, forget, signInLimiters, type Counted } from "./sign-in-limits.ts";

// A signed-in customer changes their password. The current one must be given (an unlocked computer
// left signed in is not enough), and wrong ones are counted as failed sign-ins are, by the account
// limit of lib/auth/sign-in-limits.ts, under a key of their own: strangers failing to sign in
// cannot stop the owner from changing the password they may be guessing. The new password keeps
// the rules every password keeps. Every other session of the account ends with the old password.

export type ChangePassword = {
  /** A browser session's: it stays signed in. */
  actor: Actor;
  currentPassword: string;
  newPassword: string;
};

const wrongPassword = () => new DomainError("wrong_password", "The current password is not right. Nothing was changed.");

/** Replaces the password, ends the user's other sessions and records it, all or nothing; answers how many sessions ended. */
export async function changePassword({ actor, currentPassword, newPassword }: ChangePassword): Promise<{ revoked: number }> {
  if (!canManageAccount(actor)) throw accountNotForTokens();
  const { userId, sessionId } = actor;
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw unauthorized();

  // Refused before anything is counted or hashed: nothing of the current password is tried.
  const problem: NewPasswordProblem | null = passwordProblem(newPassword, { email: user.email }) ?? (samePassword(newPassword, currentPassword) ? "password_unchanged" : null);
  if (problem) throw weakPassword(problem);

  // Counted before the password is checked, as a sign-in is: attempts at once cannot slip past the limit.
  const attempts: Counted = { limiter: signInLimiters().account, key: `password-change\n${userId}` };
  const admission = await countAttempt([attempts]);
  if (!admission.admitted) {
    throw new TooManyAttempts(`Too many wrong passwords. Try again in ${minutesUntil(admission.retryAt)}.`, admission.retryAt);
  }
  const verified = user.passwordHash;
  if (!verified || !(await verifyPassword(currentPassword, verified))) throw wrongPassword();
  await forget([attempts]);

  const passwordHash = await hashPassword(newPassword);
  const now = new Date();
  return db().$transaction(async (tx) => {
    // Under the user's row lock, taken first by every change: of two changes at once, the second
    // waits, then finds the password it verified gone. (NO KEY: sign-ins may still add sessions.)
    const [locked] = await tx.$queryRaw<{ password_hash: string | null }[]>`SELECT password_hash FROM users WHERE id = ${userId}::uuid FOR NO KEY UPDATE`;
    if (!locked) throw unauthorized();
    if (locked.password_hash !== verified) throw wrongPassword();
    const asking = await tx.session.count({ where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: now } } });
    if (asking !== 1) throw unauthorized();
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    const ended = await tx.session.updateMany({ where: { userId, revokedAt: null, id: { not: sessionId } }, data: { revokedAt: now } });
    await tx.auditEvent.create({ data: auditEvent("user.password_changed", { actorId: userId, createdAt: now }, { endedSessions: ended.count }) });
    return { revoked: ended.count };
  });
}

function weakPassword(reason: NewPasswordProblem): DomainError {
  const message = NEW_PASSWORD_PROBLEMS[reason];
  return new DomainError("weak_password", `The new password is not allowed. ${message}`, { reason, fields: [{ field: "newPassword", message }] });
}

function minutesUntil(retryAt: Date): string {
  const minutes = Math.ceil(secondsUntil(retryAt) / 60);
  return minutes === 1 ? "a minute" : `${minutes} minutes`;
}
