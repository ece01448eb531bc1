"use client";

import type { Messages } from "next-intl";
import { createContext, useContext, type ReactNode } from "react";
import type { Locale } from "@/lib/i18n/locales";

// The words of a server's actions (their titles, steps and progress, the restart button and its
// dialog, the toasts) and of the API's errors, in the reader's language, for the client components
// that show them wherever they are: the server's header, its overview, its settings. The server puts
// them here (action-words-scope.tsx); the components read them with useActionWords().

export type ActionWords = {
  locale: Locale;
  /** lib/i18n/messages/<locale>/actions.json, as the server hands them over (lib/i18n/client-words.ts). */
  actions: Messages["actions"];
  /** lib/i18n/messages/<locale>/errors.json. */
  errors: Messages["errors"];
};

const ActionWordsContext = createContext<ActionWords | null>(null);

export function ActionWordsProvider({ words, children }: { words: ActionWords; children: ReactNode }) {
  return <ActionWordsContext.Provider value={words}>{children}</ActionWordsContext.Provider>;
}

/** The words from the nearest ActionWordsScope: a server's layout gives them to every tab. */
export function useActionWords(): ActionWords {
  const words = useContext(ActionWordsContext);
  if (!words) throw new Error("useActionWords needs an ActionWordsScope around it (a server's layout has one)");
  return words;
}
