// Messages for client components (lib/i18n/client-words.ts), as the plain strings fillWords
// completes. The build precompiles the messages (next.config.js: icu-minify), so a message with a
// placeholder arrives as parts, "updated {time}" as ["updated ", ["time"]]; this writes such a
// message back as the string it stands for, its escapes already resolved. Only plain {placeholders}
// may reach the browser: a plural, a select or a tag among the words given here is a mistake, and
// says so. (Messages read as plain JSON, as the unit tests do, are strings already.)

type Compiled = string | number | Compiled[] | { [key: string]: Compiled };

function plain(message: Compiled[], key: string): string {
  return message
    .map((part) => {
      if (typeof part === "string") return part;
      if (Array.isArray(part) && part.length === 1 && typeof part[0] === "string") return `{${part[0]}}`;
      throw new Error(`The message ${key} reaches the browser, where only plain {placeholders} are filled in.`);
    })
    .join("");
}

function plainTree(tree: Compiled, key: string): unknown {
  if (typeof tree === "string") return tree;
  if (Array.isArray(tree)) return plain(tree, key);
  if (typeof tree === "object") return Object.fromEntries(Object.entries(tree).map(([name, value]) => [name, plainTree(value, `${key}.${name}`)]));
  throw new Error(`${key} is not a message.`);
}

/** Messages from clientWords (a namespace's, or a part of them; `key` names it in errors), each a plain string with its {placeholders} as written. */
export function plainWords<T>(messages: T, key: string): T {
  return plainTree(messages as Compiled, key) as T;
}
