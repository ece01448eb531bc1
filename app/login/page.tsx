import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";
import { AuthPage } from "@/components/auth/auth-page";
import { LoginForm } from "@/components/auth/login-form";
import { safeReturnPath } from "@/lib/auth/return-path";
import { pageSessionUser } from "@/lib/auth/page-session";
import { clientWords } from "@/lib/i18n/client-words";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("login.title") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  // Only paths on this site: an open redirect after sign-in would make phishing easy.
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  // Only a session that still counts skips sign-in: a revoked one would bounce between here and the page.
  if (await pageSessionUser()) redirect(returnTo);

  // Signed out, the language is the browser's (Accept-Language: lib/i18n/request.ts).
  const t = await getTranslations("auth.login");
  return (
    <AuthPage title={t("title")} lead={t("lead")}>
      <LoginForm returnTo={returnTo} words={(await clientWords("auth")).login.form} />
    </AuthPage>
  );
}
