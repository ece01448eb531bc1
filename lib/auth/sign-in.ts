import type { Role } from "@/lib/db/generated/enums.ts";
import { auditEvent } from "@/lib/audit/audit-event.ts";
import { db } from "@/lib/db/client.ts";
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { clearFailures, lockedUntil, recordFailure } from "./login-throttle.ts";

export type SignedInUser = { id: string; email: string; name: string; role: Role };

export type SignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "too_many_attempts"; retryAt: Date };

/** Checks an email and password. The answer never tells whether the email has an account. */
export async function signInWithPassword({ email, password }: { email: string; password: string }): Promise<SignInResult> {
  const retryAt = await lockedUntil(email);
  if (retryAt) return { ok: false, reason: "too_many_attempts", retryAt };

  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user || !valid) {
    await recordFailure(email);
    return { ok: false, reason: "invalid_credentials" };
  }

  await clearFailures(email);
  // A hash made at a lower cost than today's is replaced now, while the password is at hand.
  if (needsRehash(user.passwordHash)) await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  await db().auditEvent.create({ data: auditEvent("user.signed_in", { actorId: user.id }, {}) });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
