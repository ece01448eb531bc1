"use client";

import { useState } from "react";

// next-auth's client and the API client (with its answer schemas) are fetched when a button is
// pressed, not with every page: signing out is rare, and both weigh more than the menu itself.
async function signOutToLogin(): Promise<void> {
  const { signOut } = await import("next-auth/react");
  await signOut({ callbackUrl: "/login" });
}

const LINK =
  "rounded text-sm font-medium text-slate-300 underline-offset-4 hover:text-white hover:underline focus-visible:outline-2 focus-visible:outline-indigo-400 disabled:opacity-60";

// Their words come translated from the server (the sidebar).
export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => void signOutToLogin()} className={LINK}>
      {label}
    </button>
  );
}

/** Ends every session of this account, on every browser, then this one. */
export function SignOutEverywhereButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const [pending, setPending] = useState(false);
  const signOutEverywhere = async () => {
    setPending(true);
    // Even if the request fails, this browser signs out: the sessions that remain expire on their own.
    const { revokeAllSessions } = await import("@/lib/client/api");
    await revokeAllSessions().catch(() => undefined);
    await signOutToLogin();
  };
  return (
    <button type="button" onClick={signOutEverywhere} disabled={pending} className={LINK}>
      {pending ? pendingLabel : label}
    </button>
  );
}
