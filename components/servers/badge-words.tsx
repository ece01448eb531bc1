"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { BadgeWords } from "./words";

// The badges' words for the client components of a server's pages (the header, the ballooning
// cards, the settings' sections), given once by the server's layout rather than through every
// component in between.

const BadgeWordsContext = createContext<BadgeWords | null>(null);

export function BadgeWordsProvider({ words, children }: { words: BadgeWords; children: ReactNode }) {
  return <BadgeWordsContext value={words}>{children}</BadgeWordsContext>;
}

export function useBadgeWords(): BadgeWords {
  const words = useContext(BadgeWordsContext);
  if (!words) throw new Error("A server's badges need a BadgeWordsProvider above them (the server's layout gives one).");
  return words;
}
