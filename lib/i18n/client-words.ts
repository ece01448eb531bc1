import type { Messages } from "next-intl";
import { getMessages } from "next-intl/server";

// Client components carry no message runtime: next-intl's client side (its provider and translator)
// weighs about 6 KiB of gzipped script on every page that has one (measured with `npm run
// bench:page-weight`), and the overview and settings pages sit within 0.5 KiB of their limit. So
// the server translates, and hands a client component its words: finished strings as props where
// the server knows every value, or a namespace's messages (this) where only the browser does (a
// count going down, the time since a reading), completed there by `fill` (fill-words.ts).

/** A namespace's messages in the request's language, as plain strings a client component can take as props. */
export async function clientWords<N extends keyof Messages>(namespace: N): Promise<Messages[N]> {
  return (await getMessages())[namespace];
}
