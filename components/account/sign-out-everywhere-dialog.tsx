"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import type { SignOutEverywhereWords } from "./sign-out-everywhere";

export function SignOutEverywhereDialog({ words, onClose }: { words: SignOutEverywhereWords; onClose: () => void }) {
  const [pending, setPending] = useState(false);
  async function signOutEverywhere() {
    setPending(true);
    // Even if the request fails, this browser signs out: the sessions that remain expire on their own.
    const { revokeAllSessions } = await import("@/lib/client/api");
    await revokeAllSessions().catch(() => undefined);
    const { signOut } = await import("next-auth/react");
    await signOut({ callbackUrl: "/login" });
  }
  return (
    <Dialog
      open
      onClose={onClose}
      busy={pending}
      tone="warning"
      title={words.title}
      description={<p>{words.description}</p>}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            {words.cancel}
          </Button>
          <Button variant="danger" onClick={() => void signOutEverywhere()} disabled={pending}>
            {pending && <Spinner />}
            {pending ? words.pending : words.confirm}
          </Button>
        </>
      }
    />
  );
}
