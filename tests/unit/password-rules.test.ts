import { describe, expect, it } from "vitest";
import { PASSWORD_MAX_LENGTH, passwordProblem } from "@/lib/auth/password-rules.ts";

const email = "grace@example.test";

describe("the rules a new password keeps", () => {
  it("takes twelve characters or more", () => {
    expect(passwordProblem("cobol compil", { email })).toBeNull();
    expect(passwordProblem("cobol compi", { email })).toBe("password_too_short");
  });

  it("counts characters as hashing sees them, not UTF-16 units", () => {
    expect(passwordProblem("🔑".repeat(11), { email })).toBe("password_too_short");
    expect(passwordProblem("🔑".repeat(12), { email })).toBeNull();
  });

  it("refuses more than sign-in reads", () => {
    expect(passwordProblem("x".repeat(PASSWORD_MAX_LENGTH), { email })).toBeNull();
    expect(passwordProblem("x".repeat(PASSWORD_MAX_LENGTH + 1), { email })).toBe("password_too_long");
  });

  it("refuses the account's own email address, whatever its case", () => {
    expect(passwordProblem("Grace@Example.test", { email })).toBe("password_is_email");
  });
});
