"use client";

import { useServerPageWords } from "./server-page-words";

/** What ballooning is and when to turn it off, in the customer's terms (on a server's pages, in their layout's ServerPageWordsProvider). */
export function BallooningExplainer() {
  const words = useServerPageWords().ballooningExplainer;
  return (
    <div className="space-y-3 text-sm text-slate-700">
      <p>{words.whatItDoes}</p>
      <p>{words.whenToDisable}</p>
    </div>
  );
}
