// Messages a client component receives from the server, as plain text. The messages are compiled at
// build time (next.config.js, `precompile`), so a message with a placeholder arrives as a compiled
// array (["Restart ", ["name"], "?"]), not as its text, and fillWords could not fill it. This writes
// each one back as the text it was written as ("Restart {name}?", "<b>on</b>"), for fillWords and
// richWords (words.tsx). Messages for the browser hold only {placeholders} and <b> tags: anything else
// (a plural, a number format) is refused here, where the server hands the words over.

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
