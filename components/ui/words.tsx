import { Fragment, type ReactNode } from "react";

// Words a client component received from the server, made ready to show (no message runtime in the
// browser; lib/i18n/client-words.ts says why).
//
// - plainWords: the messages are compiled at build time (next.config.js, `precompile`), so a message
//   with a placeholder arrives as a compiled array (["Restart ", ["name"], "?"]), not as its text.
//   This writes each one back as plain text ("Restart {name}?", "<b>on</b>") for fillWords and
//   richWords. Messages for the browser hold only {placeholders} and <b> tags: anything else (a
//   plural, a number format) is refused here, where the server hands the words over.
// - richWords: a message with its {placeholders} filled (with text or markup) and its <b> parts bold.

type Compiled = string | CompiledPart[];
type CompiledPart = string | [string, ...unknown[]];

/** A namespace (or a part of one) with each message as plain text, whether it came compiled or not. */
export function plainWords<T>(messages: T): T {
  return plain(messages, "") as T;
}

function plain(value: unknown, path: string): unknown {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return (value as CompiledPart[]).map((part) => plainPart(part, path)).join("");
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner, path ? `${path}.${key}` : key)]));
  }
  throw new Error(`The message at ${path} is not text`);
}

function plainPart(part: CompiledPart, path: string): string {
  if (typeof part === "string") return part;
  const [name, ...rest] = part;
  if (rest.length === 0) return `{${name}}`;
  if (rest.every((child) => typeof child === "string" || Array.isArray(child))) {
    return `<${name}>${(rest as Compiled[]).map((child) => (typeof child === "string" ? child : plainPart(child as CompiledPart, path))).join("")}</${name}>`;
  }
  throw new Error(`The message at ${path} has a plural, a select or a format; the browser's messages take plain {placeholders} only`);
}

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
