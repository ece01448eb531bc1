import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getLocale, getTranslations } from "next-intl/server";
import { AuthPage } from "@/components/auth/auth-page";
import { SetPasswordForm, type SetPasswordFormWords } from "@/components/auth/set-password-form";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { signInLinkStatus } from "@/lib/auth/sign-in-links";
import { dateLocale } from "@/lib/format";

// Where a one-time sign-in link leads (lib/auth/sign-in-links.ts): signed out, the new account's
// owner sets a password and is signed in. A link that no longer works says why, plainly. Signed
// out, the page speaks the browser's language (Accept-Language: lib/i18n/request.ts).

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("welcome.metaTitle"), robots: { index: false, follow: false } };
}

export default async function WelcomePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const status = await signInLinkStatus(token);
  const t = await getTranslations("auth.welcome");
  if (status.state !== "valid") {
    return (
      <AuthPage title={t(`problems.${status.state}.title`)}>
        <p className="mt-3 text-sm text-slate-700">{t(`problems.${status.state}.text`)}</p>
        <Link href="/login" className="mt-6 inline-block text-sm font-medium text-indigo-700 hover:text-indigo-600">
          {t("goToSignIn")}
        </Link>
      </AuthPage>
    );
  }
  const { user, expiresAt } = status;
  const expires = new Intl.DateTimeFormat(dateLocale(await getLocale()), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(expiresAt);
  return (
    <AuthPage
      title={t("title", { name: user.name })}
      lead={t.rich("lead", {
        email: user.email,
        expires,
        b: (chunks) => <span className="break-words font-medium text-slate-900">{chunks}</span>,
      })}
    >
      <SetPasswordForm token={token} email={user.email} words={await setPasswordWords()} />
    </AuthPage>
  );
}

/** The set-password form's words, finished here: the rules' lengths are filled in on the server. */
async function setPasswordWords(): Promise<SetPasswordFormWords> {
  const t = await getTranslations("auth.welcome.form");
  const limits = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };
  return {
    password: t("password"),
    hint: t("hint", limits),
    repeat: t("repeat"),
    submit: t("submit"),
    submitting: t("submitting"),
    differ: t("differ"),
    errors: {
      password_too_short: t("errors.password_too_short", limits),
      password_too_long: t("errors.password_too_long", limits),
      password_is_email: t("errors.password_is_email"),
      link_used: t("errors.link_used"),
      link_replaced: t("errors.link_replaced"),
      link_expired: t("errors.link_expired"),
      link_unknown: t("errors.link_unknown"),
      unavailable: t("errors.unavailable"),
    },
    fallback: t("fallback"),
  };
}
