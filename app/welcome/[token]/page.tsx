import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { AuthPage } from "@/components/auth/auth-page";
import { SetPasswordForm } from "@/components/auth/set-password-form";
import { signInLinkStatus, type SignInLinkStatus } from "@/lib/auth/sign-in-links";

// Where a one-time sign-in link leads (lib/auth/sign-in-links.ts): signed out, the new account's
// owner sets a password and is signed in. A link that no longer works says why, plainly.

export const metadata: Metadata = { title: "Set your password", robots: { index: false, follow: false } };

type Problem = Exclude<SignInLinkStatus["state"], "valid">;

const PROBLEMS: Record<Problem, { title: string; text: string }> = {
  used: {
    title: "This link was used already",
    text: "A sign-in link works once, and a password was set with this one. Sign in with that password; if you have forgotten it, ask your provider for a new link.",
  },
  expired: {
    title: "This link has expired",
    text: "Sign-in links work for a limited time. Ask your provider for a new one.",
  },
  replaced: {
    title: "This link was replaced",
    text: "A newer link was sent for this account, and only the newest one works. Use that one, or ask your provider for another.",
  },
  unknown: {
    title: "This link does not work",
    text: "Check that you opened the whole link from your message. If it still does not work, ask your provider for a new one.",
  },
};

export default async function WelcomePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const status = await signInLinkStatus(token);
  if (status.state !== "valid") {
    const problem = PROBLEMS[status.state];
    return (
      <AuthPage title={problem.title}>
        <p className="mt-3 text-sm text-slate-700">{problem.text}</p>
        <Link href="/login" className="mt-6 inline-block text-sm font-medium text-indigo-700 hover:text-indigo-600">
          Go to sign in
        </Link>
      </AuthPage>
    );
  }
  const { user, expiresAt } = status;
  return (
    <AuthPage
      title={`Welcome, ${user.name}`}
      lead={
        <>
          Choose a password for <span className="font-medium text-slate-900">{user.email}</span> to see your servers. This link works once, until{" "}
          {expiresAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC.
        </>
      }
    >
      <SetPasswordForm token={token} email={user.email} />
    </AuthPage>
  );
}
