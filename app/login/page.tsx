import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { LoginForm } from "@/components/auth/login-form";
import { Brand } from "@/components/layout/brand";
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
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-slate-100 to-slate-200 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Brand />
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-8 shadow-lg shadow-slate-900/5">
          <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-600">Manage your virtual servers and their memory.</p>
          <LoginForm returnTo={returnTo} />
        </div>
      </div>
    </main>
  );
}
