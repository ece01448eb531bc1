import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_FAILURES, recordFailure } from "@/lib/auth/login-throttle.ts";
import { signInWithPassword, type SignInResult } from "@/lib/auth/sign-in.ts";
import { db } from "@/lib/db/client.ts";
import { createUser, unique } from "@/tests/support/factories.ts";

const INVALID = { ok: false, reason: "invalid_credentials" } as const;

async function failTimes(email: string, times: number) {
  for (let i = 0; i < times; i++) expect(await signInWithPassword({ email, password: "wrong password" })).toStrictEqual(INVALID);
}

const retryAtOf = (result: SignInResult) => (!result.ok && result.reason === "too_many_attempts" ? result.retryAt.getTime() : NaN);

describe("signInWithPassword", () => {
  it("signs in with the right password and answers who the user is", async () => {
    const user = await createUser({ role: "operator" });
    expect(await signInWithPassword({ email: user.email, password: user.password })).toStrictEqual({
      ok: true,
      user: { id: user.id, email: user.email, name: user.name, role: "operator" },
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

describe("the sign-in throttle", () => {
  it(`refuses an address after ${MAX_FAILURES} failures, even with the right password, until a time in the future`, async () => {
    const user = await createUser();
    await failTimes(user.email, MAX_FAILURES);
    const before = Date.now();
    for (const email of [user.email, ` ${user.email.toUpperCase()} `]) {
      const result = await signInWithPassword({ email, password: user.password });
      expect(result).toMatchObject({ ok: false, reason: "too_many_attempts" });
      expect(retryAtOf(result)).toBeGreaterThan(before);
    }
    expect(await db().auditEvent.count({ where: { actorId: user.id, kind: "user.signed_in" } })).toBe(0);
  });

  it("counts failures for an unknown address the same way, so the lock reveals no account", async () => {
    const email = `${unique("nobody")}@example.test`;
    await failTimes(email, MAX_FAILURES);
    expect(await signInWithPassword({ email, password: "anything" })).toMatchObject({ reason: "too_many_attempts" });
  });

  it("forgets earlier failures after a successful sign-in", async () => {
    const user = await createUser();
    await failTimes(user.email, MAX_FAILURES - 1);
    expect(await signInWithPassword({ email: user.email, password: user.password })).toMatchObject({ ok: true });
    expect(await db().loginThrottle.findUnique({ where: { key: user.email } })).toBeNull();
    await failTimes(user.email, MAX_FAILURES - 1);
    expect(await signInWithPassword({ email: user.email, password: user.password })).toMatchObject({ ok: true });
  });

  // Every app instance shares the throttle, so failures recorded at the same moment must all count.
  it("counts every one of many failures recorded at the same time", async () => {
    const user = await createUser();
    await Promise.all(Array.from({ length: MAX_FAILURES * 2 }, () => recordFailure(user.email)));
    expect(await db().loginThrottle.findUnique({ where: { key: user.email } })).toMatchObject({ failures: MAX_FAILURES * 2 });
    expect(await signInWithPassword({ email: user.email, password: user.password })).toMatchObject({ reason: "too_many_attempts" });
  });
});
