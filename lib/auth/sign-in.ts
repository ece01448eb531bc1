import type { Role } from "@/lib/db/generated/enums.ts";
import { auditEvent } from "@/lib/audit/audit-event.ts";
import { db } from "@/lib/db/client.ts";
import { knownBrowserCookie, knownBrowserId } from "./known-browser.ts";
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { countAttempt, forget, signInLimiters, takeBack, type Counted, type LimitSet } from "./sign-in-limits.ts";

export type SignedInUser = { id: string; email: string; name: string; role: Role };

export type SignInResult =
  | { ok: true; user: SignedInUser; knownBrowser: string }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "too_many_attempts"; retryAt: Date };

export type SignInAttempt = {
  email: string;
  password: string;
  /** The client's address (lib/auth/client-ip.ts); attempts without one share a single count. */
  ip?: string | null;
  /** The known-browser cookie, when the browser has one. */
  knownBrowser?: string | null;
  /** Other limits than SIGN_IN_LIMITS, counted apart (tests). */
  limits?: LimitSet;
};

export const accountKey = (email: string) => email.trim().toLowerCase();

/**
 * Checks an email and password. The attempt is counted before the password is checked, and refused
 * unchecked past a limit (lib/auth/sign-in-limits.ts). The answer never tells whether the email has
 * an account. A success returns the known-browser cookie to set.
 */
export async function signInWithPassword({ email, password, ip, knownBrowser, limits }: SignInAttempt): Promise<SignInResult> {
  const account = accountKey(email);
  const limiters = signInLimiters(limits);
  const browser = knownBrowserId(knownBrowser, account);
  const perAccount: Counted = browser ? { limiter: limiters.knownBrowser, key: `${account}\n${browser}` } : { limiter: limiters.account, key: account };
  const everywhere: Counted[] = [
    { limiter: limiters.everywhere, key: "all" },
    { limiter: limiters.address, key: ip ?? "unknown" },
  ];
  const admission = await countAttempt([...everywhere, perAccount]);
  if (!admission.admitted) return { ok: false, reason: "too_many_attempts", retryAt: admission.retryAt };

  const user = await db().user.findUnique({ where: { email: account } });
  // An account whose owner has not set a password yet (lib/operators/sign-in-links.ts) is checked
  // against the decoy too: no password matches it, and the time taken tells nothing.
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (!user?.passwordHash || !valid) return { ok: false, reason: "invalid_credentials" };

  // Only failures count: this attempt is taken back, and the failures counted where it was admitted
  // are forgotten (a known browser's success leaves strangers' count against the account as it is).
  await takeBack(everywhere);
  await forget([perAccount]);
  // A hash made at a lower cost than today's is replaced now, while the password is at hand.
  if (needsRehash(user.passwordHash)) await db().user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  await db().auditEvent.create({ data: auditEvent("user.signed_in", { actorId: user.id }, {}) });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role }, knownBrowser: knownBrowserCookie(account) };
}
