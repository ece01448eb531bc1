"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { ServerPageWords } from "./words";

// Words that client components all over a server's pages need (the badges in the header, the
// ballooning cards and the settings' sections; the ballooning explainer in the settings), given once
// by the server's layout rather than through every component in between.

const ServerPageWordsContext = createContext<ServerPageWords | null>(null);

export function ServerPageWordsProvider({ words, children }: { words: ServerPageWords; children: ReactNode }) {
  return <ServerPageWordsContext value={words}>{children}</ServerPageWordsContext>;
}

export function useServerPageWords(): ServerPageWords {
  const words = useContext(ServerPageWordsContext);
  if (!words) throw new Error("no ServerPageWordsProvider");
  return words;
}
