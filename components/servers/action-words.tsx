"use client";

import type { Messages } from "next-intl";
import { createContext, use, useContext, type ReactNode } from "react";
import type { Locale } from "@/lib/i18n/locales";

// The words of a server's actions (their titles, steps and progress, the restart button and its
// dialog, the toasts) and of the API's errors, in the reader's language, for the client components
// that show them wherever they are: the server's header, its overview, its settings. The server puts
// them here (action-words-scope.tsx); the components read them with useActionWords().

export type ActionWords = {
  locale: Locale;
  /** lib/i18n/messages/<locale>/actions.json, as the server hands them over (lib/i18n/client-words.ts). */
  actions: Messages["actions"];
  /** lib/i18n/messages/<locale>/errors.json, as plain text. */
  errors: Messages["errors"];
};

const ActionWordsContext = createContext<ActionWords | null>(null);

export function ActionWordsProvider({ words, children }: { words: ActionWords; children: ReactNode }) {
  return <ActionWordsContext.Provider value={words}>{children}</ActionWordsContext.Provider>;
}

let english: Promise<ActionWords> | undefined;

/** English from its catalogue, fetched the first time a part of a page without ActionWordsScope asks. */
function englishWords(): Promise<ActionWords> {
  english ??= import("./action-words-english").then((module) => module.englishWords);
  return english;
}

/** The words from the nearest ActionWordsScope; English where a page has none around this part. */
export function useActionWords(): ActionWords {
  return useContext(ActionWordsContext) ?? use(englishWords());
}
