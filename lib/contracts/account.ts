import * as z from "zod/mini";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules.ts";
import { LOCALES } from "@/lib/i18n/locales.ts";

// The customer API's requests about the account itself. What a new password must be is decided by
// the rules every password keeps (lib/auth/password-rules.ts), which need the account's email:
// the service checks them and refuses with `weak_password`, in the rules' own words.

export const changePasswordBody = z.strictObject({
  currentPassword: z
    .string({ error: "currentPassword must be a string" })
    .check(
      z.minLength(1, "currentPassword is required"),
      // Sign-in refuses a longer password unread: no password is this long.
      z.maxLength(PASSWORD_MAX_LENGTH, `currentPassword must be at most ${PASSWORD_MAX_LENGTH} characters`),
      z.describe("The account's password as it is now."),
    ),
  newPassword: z
    .string({ error: "newPassword must be a string" })
    .check(
      // Sign-in refuses a password with a NUL byte: one set here could never sign in.
      z.refine((value) => !value.includes("\u0000"), "newPassword must not contain a NUL character"),
      z.describe(`At least ${PASSWORD_MIN_LENGTH} characters, not the account's email address, and not the current password.`),
    ),
});

export type ChangePasswordBody = z.input<typeof changePasswordBody>;

export const changePasswordResponse = z.object({
  revoked: z.int().check(z.minimum(0), z.describe("How many of your other browser sessions were ended. This one stays signed in.")),
});

/** The dashboard's languages, as the language menu offers them (lib/i18n/locales.ts). */
const locale = z.enum(LOCALES, { error: `locale must be one of ${LOCALES.map((code) => `"${code}"`).join(", ")}` }).check(
  z.describe("The dashboard's language: English (en), Italian (it) or German (de)."),
);

export const setLocaleBody = z.strictObject({ locale });
export type SetLocaleBody = z.input<typeof setLocaleBody>;
export const setLocaleResponse = z.object({ locale });
