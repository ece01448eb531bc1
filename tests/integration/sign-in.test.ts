import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in-limits.ts";
import { signInWithPassword, type SignInResult } from "@/lib/auth/sign-in.ts";
import { db } from "@/lib/db/client.ts";
import { createUser, unique } from "@/tests/support/factories.ts";

const INVALID = { ok: false, reason: "invalid_credentials" } as const;

const retryAtOf = (result: SignInResult) => (!result.ok && result.reason === "too_many_attempts" ? result.retryAt.getTime() : NaN);

describe("signInWithPassword", () => {
  it("signs in with the right password and answers who the user is", async () => {
    const user = await createUser({ role: "operator" });
    expect(await signInWithPassword({ email: user.email, password: user.password })).toStrictEqual({
      ok: true,
      user: { id: user.id, email: user.email, name: user.name, role: "operator" },
      knownBrowser: expect.stringMatching(/^[\w-]{22}\.[\w-]{43}$/),
    });
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const user = await createUser();
    const wrongPassword = await signInWithPassword({ email: user.email, password: "not the password" });
    const unknownEmail = await signInWithPassword({ email: `${unique("nobody")}@example.test`, password: user.password });
    expect(wrongPassword).toStrictEqual(INVALID);
    expect(unknownEmail).toStrictEqual(wrongPassword);
  });

  it("matches the email case-insensitively and ignores surrounding spaces", async () => {
    const user = await createUser();
    const result = await signInWithPassword({ email: `  ${user.email.toUpperCase()}\t`, password: user.password });
    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
  });

  it("writes a user.signed_in audit event on success, and none on failure", async () => {
    const user = await createUser();
    const events = () => db().auditEvent.count({ where: { actorId: user.id, kind: "user.signed_in" } });
    await signInWithPassword({ email: user.email, password: "wrong" });
    expect(await events()).toBe(0);
    await signInWithPassword({ email: user.email, password: user.password });
    expect(await events()).toBe(1);
  });
});

describe("a password hashed at an older, lower cost", () => {
  it("is hashed again at today's cost on the next successful sign-in, and still signs in", async () => {
    const user = await createUser();
    const salt = randomBytes(16);
    const key = scryptSync(user.password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    await db().user.update({ where: { id: user.id }, data: { passwordHash: ["scrypt", 2 ** 15, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$") } });

    expect(await signInWithPassword({ email: user.email, password: user.password })).toMatchObject({ ok: true });
    const stored = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await signInWithPassword({ email: user.email, password: user.password })).toMatchObject({ ok: true });
  });
});

describe("sign-in limits", () => {
  const { points: PER_ACCOUNT } = SIGN_IN_LIMITS.account;
  // Each test has addresses of its own: the per-address count is shared by the whole run.
  const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${unique("ip")}`;

  it(`refuses an account after ${PER_ACCOUNT} failures from strangers, even with the right password, until a time in the future`, async () => {
    const user = await createUser();
    const ip = address();
    for (let i = 0; i < PER_ACCOUNT; i++) expect(await signInWithPassword({ email: user.email, password: "wrong", ip })).toStrictEqual(INVALID);
    const before = Date.now();
    for (const email of [user.email, ` ${user.email.toUpperCase()} `]) {
      const result = await signInWithPassword({ email, password: user.password, ip: address() });
      expect(result).toMatchObject({ ok: false, reason: "too_many_attempts" });
      expect(retryAtOf(result)).toBeGreaterThan(before);
    }
    expect(await db().auditEvent.count({ where: { actorId: user.id, kind: "user.signed_in" } })).toBe(0);
  });

  it("counts failures for an unknown address the same way, so the limit reveals no account", async () => {
    const email = `${unique("nobody")}@example.test`;
    for (let i = 0; i < PER_ACCOUNT; i++) await signInWithPassword({ email, password: "anything", ip: address() });
    expect(await signInWithPassword({ email, password: "anything", ip: address() })).toMatchObject({ reason: "too_many_attempts" });
  });

  it("checks no more passwords than the limit allows when wrong guesses arrive all at once", async () => {
    const user = await createUser();
    const guesses = await Promise.all(Array.from({ length: 25 }, () => signInWithPassword({ email: user.email, password: "wrong", ip: address() })));
    const checked = guesses.filter((result) => !result.ok && result.reason === "invalid_credentials").length;
    expect(checked).toBe(PER_ACCOUNT);
    expect(guesses.length - checked).toBe(25 - PER_ACCOUNT);
  });

  it("forgets an account's failures after a successful sign-in", async () => {
    const user = await createUser();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < PER_ACCOUNT - 1; i++) await signInWithPassword({ email: user.email, password: "wrong", ip: address() });
      expect(await signInWithPassword({ email: user.email, password: user.password, ip: address() })).toMatchObject({ ok: true });
    }
  });

  it("lets the owner in from a browser they signed in from before, while strangers are locked out of the account", async () => {
    const owner = await createUser();
    const known = await signInWithPassword({ email: owner.email, password: owner.password, ip: address() });
    if (!known.ok) throw new Error("the owner's first sign-in failed");
    for (let i = 0; i < PER_ACCOUNT; i++) await signInWithPassword({ email: owner.email, password: "guess", ip: address() });
    expect(await signInWithPassword({ email: owner.email, password: owner.password, ip: address() })).toMatchObject({ reason: "too_many_attempts" });
    expect(await signInWithPassword({ email: owner.email, password: owner.password, ip: address(), knownBrowser: known.knownBrowser })).toMatchObject({ ok: true });
    // A cookie signed for another account, or forged, is a stranger's browser.
    const other = await createUser();
    const theirs = await signInWithPassword({ email: other.email, password: other.password, ip: address() });
    if (!theirs.ok) throw new Error("the other sign-in failed");
    expect(await signInWithPassword({ email: owner.email, password: owner.password, knownBrowser: theirs.knownBrowser })).toMatchObject({ reason: "too_many_attempts" });
    expect(await signInWithPassword({ email: owner.email, password: owner.password, knownBrowser: `${"a".repeat(22)}.forged` })).toMatchObject({ reason: "too_many_attempts" });
  });

  it("lets the owner in from a new browser once the account's lock has passed", async () => {
    const owner = await createUser();
    for (let i = 0; i < PER_ACCOUNT; i++) await signInWithPassword({ email: owner.email, password: "guess", ip: address() });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + SIGN_IN_LIMITS.account.blockSeconds * 1000 + 1_000 });
    try {
      expect(await signInWithPassword({ email: owner.email, password: owner.password, ip: address() })).toMatchObject({ ok: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses one address that tries many accounts (password spraying), while others go on", async () => {
    const limits = { scope: unique("spray"), limits: { ...SIGN_IN_LIMITS, address: { points: 3, durationSeconds: 60, blockSeconds: 60 } } };
    const sprayer = address();
    for (let i = 0; i < 3; i++) {
      expect(await signInWithPassword({ email: `${unique("target")}@example.test`, password: "Summer2026!", ip: sprayer, limits })).toStrictEqual(INVALID);
    }
    expect(await signInWithPassword({ email: `${unique("target")}@example.test`, password: "Summer2026!", ip: sprayer, limits })).toMatchObject({ reason: "too_many_attempts" });
    const user = await createUser();
    expect(await signInWithPassword({ email: user.email, password: user.password, ip: address(), limits })).toMatchObject({ ok: true });
  });

  it("refuses every stranger's sign-in for a while once failures everywhere pass the service's ceiling", async () => {
    const ceiling = { scope: unique("ceiling"), limits: { ...SIGN_IN_LIMITS, everywhere: { points: 4, durationSeconds: 60, blockSeconds: 60 } } };
    for (let i = 0; i < 4; i++) await signInWithPassword({ email: `${unique("spray")}@example.test`, password: "x", ip: address(), limits: ceiling });
    const user = await createUser();
    expect(await signInWithPassword({ email: user.email, password: user.password, ip: address(), limits: ceiling })).toMatchObject({ reason: "too_many_attempts" });
  });
});
