import type { Locale } from "./locales.ts";

// The messages are split by part of the dashboard (lib/i18n/messages/<locale>/<namespace>.json), so a client
// component's provider is handed only the namespaces it reads (pickMessages) rather than the whole
// dashboard's text. English is the source: a test checks that every locale has each English key.

export const NAMESPACES = ["common"] as const;
export type Namespace = (typeof NAMESPACES)[number];
export type Messages = Record<Namespace, Record<string, unknown>>;

export async function messagesOf(locale: Locale): Promise<Messages> {
  const loaded = await Promise.all(
    NAMESPACES.map(async (namespace) => [namespace, ((await import(`./messages/${locale}/${namespace}.json`)) as { default: Record<string, unknown> }).default] as const),
  );
  return Object.fromEntries(loaded) as Messages;
}

/** The namespaces a client component reads, for its NextIntlClientProvider. */
export function pickMessages(messages: Messages, namespaces: readonly Namespace[]): Partial<Messages> {
  return Object.fromEntries(namespaces.map((namespace) => [namespace, messages[namespace]]));
}
