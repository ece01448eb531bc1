import { Fragment, type ReactNode } from "react";

// A message a client component received from the server (lib/i18n/client-words.ts), with its
// {placeholders} filled with text or markup and its <b> parts bold. The browser carries no message
// runtime (lib/i18n/client-words.ts says why); fillWords (lib/i18n/fill-words.ts) does the same for
// messages that are text alone.

const TOKEN = /<b>([\s\S]*?)<\/b>|\{(\w+)\}/g;

/**
 * The message with each {name} replaced by its value (text, or markup such as a styled name), and
 * each <b>…</b> part set in `bold`'s style.
 */
export function richWords(message: string, values: Record<string, ReactNode> = {}, bold = "font-semibold"): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of message.matchAll(TOKEN)) {
    if (match.index > last) parts.push(message.slice(last, match.index));
    const [whole, boldText, name] = match;
    if (boldText !== undefined) {
      parts.push(
        <strong key={parts.length} className={bold}>
          {richWords(boldText, values, bold)}
        </strong>,
      );
    } else if (name !== undefined && name in values) {
      parts.push(<Fragment key={parts.length}>{values[name]}</Fragment>);
    } else {
      parts.push(whole);
    }
    last = match.index + whole.length;
  }
  if (last < message.length) parts.push(message.slice(last));
  return parts.length === 1 ? parts[0] : parts;
}
