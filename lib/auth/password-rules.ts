// What a new password must be, in one place: the set-password form checks it as the user types and
// the server checks it again before hashing. Free of server imports, so the browser can use it.
// Length is what makes a password hard to guess (NIST SP 800-63B, OWASP ASVS 2.1): no composition
// rules, but at least 12 characters, and not the account's own email address.

export const PASSWORD_MIN_LENGTH = 12;
/** Sign-in refuses longer input unread; scrypt would hash it, but nobody types more. */
export const PASSWORD_MAX_LENGTH = 1024;

export type PasswordProblem = "password_too_short" | "password_too_long" | "password_is_email";

export const PASSWORD_PROBLEMS: Record<PasswordProblem, string> = {
  password_too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  password_too_long: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  password_is_email: "Use something other than your email address.",
};

/** Why a password may not be set, or null when it may. Characters are counted as hashing sees them (NFKC). */
export function passwordProblem(password: string, { email }: { email: string }): PasswordProblem | null {
  const length = [...password.normalize("NFKC")].length;
  if (length < PASSWORD_MIN_LENGTH) return "password_too_short";
  if (length > PASSWORD_MAX_LENGTH) return "password_too_long";
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return "password_is_email";
  return null;
}

/** A changed password must also be another than the current one (lib/auth/change-password.ts). */
export type NewPasswordProblem = PasswordProblem | "password_unchanged";

export const NEW_PASSWORD_PROBLEMS: Record<NewPasswordProblem, string> = {
  ...PASSWORD_PROBLEMS,
  password_unchanged: "Use something other than your current password.",
};

/** Whether two passwords are the same as hashing sees them (NFKC). */
export const samePassword = (a: string, b: string) => a.normalize("NFKC") === b.normalize("NFKC");
