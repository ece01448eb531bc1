import type { Locale } from "./locales.ts";

// The messages, split by part of the dashboard (lib/i18n/messages/<locale>/<namespace>.json). English
// is the source: a test checks that every locale has each English key, with the same arguments.

export const NAMESPACES = ["common", "servers", "memory", "settings", "actions", "errors", "account", "tokens", "activity", "auth", "operator", "apiReference"] as const;
export type Namespace = (typeof NAMESPACES)[number];
export type Messages = Record<Namespace, Record<string, unknown>>;

export async function messagesOf(locale: Locale): Promise<Messages> {
  const loaded = await Promise.all(
    NAMESPACES.map(async (namespace) => [namespace, ((await import(`./messages/${locale}/${namespace}.json`)) as { default: Record<string, unknown> }).default] as const),
  );
  return Object.fromEntries(loaded) as Messages;
}

