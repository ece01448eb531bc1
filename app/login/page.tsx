import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthPage } from "@/components/auth/auth-page";
import { LoginForm } from "@/components/auth/login-form";
import { safeReturnPath } from "@/lib/auth/return-path";
import { pageSessionUser } from "@/lib/auth/page-session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  // Only paths on this site: an open redirect after sign-in would make phishing easy.
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  // Only a session that still counts skips sign-in: a revoked one would bounce between here and the page.
  if (await pageSessionUser()) redirect(returnTo);

  return (
    <AuthPage title="Sign in" lead="Manage your virtual servers and their memory.">
      <LoginForm returnTo={returnTo} />
    </AuthPage>
  );
}
