import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password.ts";

const B64URL = "[A-Za-z0-9_-]";

describe("hashPassword", () => {
  it("stores scrypt$N$r$p$salt$hash at OWASP's cost (N=2^17, r=8, p=1), with a 16-byte salt and a 32-byte key", async () => {
    expect(await hashPassword("hunter2")).toMatch(new RegExp(`^scrypt\\$131072\\$8\\$1\\$${B64URL}{22}\\$${B64URL}{43}$`));
  });

  it("salts every hash, so one password hashes differently each time", async () => {
    const [first, second] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(first).not.toBe(second);
    expect(await verifyPassword("same password", first)).toBe(true);
    expect(await verifyPassword("same password", second)).toBe(true);
  });
});

describe("verifyPassword", () => {
  it("accepts the password that was hashed and refuses any other", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("treats canonically equivalent Unicode spellings as the same password", async () => {
    const stored = await hashPassword("caf\u00e9");
    expect(await verifyPassword("cafe\u0301", stored)).toBe(true);
  });

  it("still verifies hashes made with an older, lower cost", async () => {
    const salt = randomBytes(16);
    const key = scryptSync("old password", salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = ["scrypt", 1024, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
    expect(await verifyPassword("old password", stored)).toBe(true);
    expect(await verifyPassword("new password", stored)).toBe(false);
  });

  const salt = randomBytes(16).toString("base64url");
  const key = randomBytes(32).toString("base64url");
  it.each([
    ["an empty string", ""],
    ["a plain-text password", "hunter2"],
    ["another scheme", `bcrypt$32768$8$1$${salt}$${key}`],
    ["a missing hash", `scrypt$32768$8$1$${salt}`],
    ["an empty salt", `scrypt$32768$8$1$$${key}`],
    ["a cost that is not a number", `scrypt$lots$8$1$${salt}$${key}`],
    ["a cost that is not a power of two", `scrypt$1000$8$1$${salt}$${key}`],
    ["a zero cost", `scrypt$0$8$1$${salt}$${key}`],
    ["a negative block size", `scrypt$1024$-8$1$${salt}$${key}`],
    ["a cost beyond the memory ceiling", `scrypt$1048576$8$1$${salt}$${key}`],
    ["a key that is not base64url", `scrypt$1024$8$1$${salt}$!!!`],
  ])("answers false, without throwing, for a stored hash with %s", async (_label, stored) => {
    await expect(verifyPassword("hunter2", stored)).resolves.toBe(false);
  });
});

describe("needsRehash", () => {
  it("asks for a new hash when the stored one was made at another cost than today's", async () => {
    expect(needsRehash(await hashPassword("current"))).toBe(false);
    const salt = randomBytes(16).toString("base64url");
    const key = randomBytes(32).toString("base64url");
    expect(needsRehash(`scrypt$32768$8$1$${salt}$${key}`)).toBe(true);
    expect(needsRehash("not a hash")).toBe(true);
  });
});
