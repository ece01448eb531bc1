"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { revokeAllSessions } from "@/lib/client/api";

const LINK =
  "rounded text-sm font-medium text-slate-300 underline-offset-4 hover:text-white hover:underline focus-visible:outline-2 focus-visible:outline-indigo-400 disabled:opacity-60";

export function SignOutButton() {
  return (
    <button type="button" onClick={() => signOut({ callbackUrl: "/login" })} className={LINK}>
      Sign out
    </button>
  );
}

/** Ends every session of this account, on every browser, then this one. */
export function SignOutEverywhereButton() {
  const [pending, setPending] = useState(false);
  const signOutEverywhere = async () => {
    setPending(true);
    // Even if the request fails, this browser signs out: the sessions that remain expire on their own.
    await revokeAllSessions().catch(() => undefined);
    await signOut({ callbackUrl: "/login" });
  };
  return (
    <button type="button" onClick={signOutEverywhere} disabled={pending} className={LINK}>
      {pending ? "Signing out everywhere…" : "Sign out everywhere"}
    </button>
  );
}
