import type { ReactNode } from "react";

// The document's descriptions are CommonMark, of which it uses paragraphs and `code` only; URLs
// become links. Anything else shows as the text it is. They are the API's own words, in English
// whatever the page's language: marked so (lang), for a screen reader to read them as English.

const INLINE = /(`[^`]+`|https?:\/\/[^\s)]+[^\s).,;:])/g;

export function Inline({ text }: { text: string }): ReactNode {
  return text.split(INLINE).map((part, index) => {
    if (index % 2 === 0) return part;
    if (part.startsWith("`")) return <Code key={index}>{part.slice(1, -1)}</Code>;
    return (
      <a key={index} href={part} rel="noreferrer" className={LINK}>
        {part}
      </a>
    );
  });
}

/** `lang`: the text's language, English unless the page wrote the text itself (then undefined: the page's). */
export function Prose({ text, className = "", lang = "en" }: { text: string | undefined; className?: string; lang?: "en" }) {
  if (!text) return null;
  return (
    <div lang={lang} className={`space-y-2 text-sm leading-6 text-slate-700 ${className}`}>
      {text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>
          <Inline text={paragraph} />
        </p>
      ))}
    </div>
  );
}

export function Code({ children }: { children: ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800 wrap-anywhere">{children}</code>;
}

export const LINK = "rounded-sm font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:text-indigo-600 hover:decoration-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
