import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * Signing in through one of next-auth's credentials providers from a form: while it runs the form
 * says so; on success the browser goes to `destination`; on failure the form shows the message for
 * the provider's error code, or `fallback` for one it does not know.
 */
export function useSignIn({ provider, destination, messages, fallback }: { provider: string; destination: string; messages: Readonly<Record<string, string>>; fallback: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function signInWith(credentials: Record<string, string>) {
    setPending(true);
    setError(null);
    // next-auth's client is fetched on submit, not with the form: it weighs more than the page's own code.
    const result = await import("next-auth/react")
      .then(({ signIn }) => signIn(provider, { ...credentials, redirect: false }))
      .catch(() => undefined);
    if (result?.ok && !result.error) {
      router.replace(destination);
      router.refresh();
      return;
    }
    setPending(false);
    const code = result?.error;
    setError(code && Object.hasOwn(messages, code) ? (messages[code] ?? fallback) : fallback);
  }

  return { error, setError, pending, signInWith };
}
