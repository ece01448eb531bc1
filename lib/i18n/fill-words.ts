// Completes a message a client component received from the server (client-words.ts) with values only
// the browser knows: "Restarting {name}…" with the server's name. Hand-written because the
// messages that reach the browser are kept to plain {placeholders} (no ICU plural or select, which
// need next-intl's formatter on the client): where a count changes the words, the component picks
// between two keys (`one` / `other`: English, Italian and German agree on which counts are one).

/** The message with each {name} replaced by its value; numbers and dates come formatted by the caller (lib/format.ts). */
export function fillWords(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in values ? String(values[name]) : placeholder));
}

/** The `one` or `other` form of a message about `count` things. */
export function countWords(count: number, forms: { one: string; other: string }): string {
  return fillWords(count === 1 ? forms.one : forms.other, { count });
}
