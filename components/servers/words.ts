import type { Messages } from "next-intl";

// The shapes of the servers' and memory's messages that client components take as props from the
// server (lib/i18n/client-words.ts): type-only, so no message runtime reaches the browser.

export type ServersWords = Messages["servers"];
export type MemoryWords = Messages["memory"];
/** The memory messages the browser needs: all but the host-view notes, which the server renders (host-view-notes.tsx). */
export type ClientMemoryWords = Omit<MemoryWords, "hostView">;
export type BadgeWords = ServersWords["badges"];
/** What a server's layout gives its client components (server-page-words.tsx). */
export type ServerPageWords = Pick<ServersWords, "badges" | "ballooningExplainer">;
export type HeaderWords = ServersWords["header"];
export type ChartWords = MemoryWords["chart"];

/**
 * A message split around one of its placeholders, for a message whose value is an element (a
 * <time>, say): "updated {time}" → ["updated ", ""].
 */
export function splitAt(message: string, placeholder: string): [before: string, after: string] {
  const at = message.indexOf(`{${placeholder}}`);
  if (at < 0) return [message, ""];
  return [message.slice(0, at), message.slice(at + placeholder.length + 2)];
}
