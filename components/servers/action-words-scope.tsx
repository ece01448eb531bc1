import { getLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { clientWords } from "@/lib/i18n/client-words";
import { ActionWordsProvider, type ActionWords } from "./action-words";

/** The actions' and errors' words in the request's language, ready for the browser. */
export async function actionWords(): Promise<ActionWords> {
  const [locale, actions, errors] = await Promise.all([getLocale(), clientWords("actions"), clientWords("errors")]);
  return { locale, actions, errors };
}

/**
 * Gives the client components below it (the restart button and its dialog, an action's progress, the
 * toasts, the settings' dialogs) their words in the request's language. Around a server's pages, in
 * their layout; the settings page has its own until then.
 */
export async function ActionWordsScope({ children }: { children: ReactNode }) {
  return <ActionWordsProvider words={await actionWords()}>{children}</ActionWordsProvider>;
}
