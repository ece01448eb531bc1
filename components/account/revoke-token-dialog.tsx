"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { apiFailure, failureMessage } from "./failure";
import type { TokenListWords, TokenRow } from "./token-list";
import { FormAlert } from "@/components/ui/form-alert";

/** Confirms a token's revocation, which cannot be undone; one revoked already counts as done. */
export function RevokeTokenDialog({ token, words, onClose, onRevoked }: { token: TokenRow; words: TokenListWords; onClose: () => void; onRevoked: (message: string) => void }) {
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function revoke() {
    setPending(true);
    setFailure(null);
    try {
      const { revokeApiToken } = await import("@/lib/client/account-api");
      await revokeApiToken(token.id);
      onRevoked(token.revokedMessage);
    } catch (error) {
      if (apiFailure(error)?.code === "token_not_found") onRevoked(words.gone);
      else {
        setFailure(failureMessage(error, words.errors));
        setPending(false);
      }
    }
  }

  return (
    <Dialog
      open
      onClose={onClose}
      busy={pending}
      tone="danger"
      title={token.revokeTitle}
      description={<p className="break-words">{token.revokeDescription}</p>}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            {words.cancel}
          </Button>
          <Button variant="danger" onClick={() => void revoke()} disabled={pending}>
            {pending && <Spinner />}
            {pending ? words.pending : words.confirm}
          </Button>
        </>
      }
    >
      {failure && <FormAlert message={failure} />}
    </Dialog>
  );
}
