import compile from "icu-minify/compile";
import { describe, expect, it } from "vitest";
import { plainWords } from "@/components/servers/plain-words.ts";
import memory from "@/lib/i18n/messages/it/memory.json";

// The build precompiles the messages (next.config.js); the words client components fill in must come
// back as the strings they were written as.

type Tree = { [key: string]: string | Tree };
const compiled = (tree: Tree): unknown => Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, typeof value === "string" ? compile(value) : compiled(value)]));

describe("plainWords", () => {
  it("writes precompiled messages back as the strings they were, placeholders and apostrophes included", () => {
    const { hostView: _rendered, ...words } = memory;
    expect(plainWords(compiled(words), "memory")).toStrictEqual(words);
  });

  it("refuses a plural or a tag, which only the server can format", () => {
    expect(() => plainWords({ count: compile("{count, plural, one {# server} other {# servers}}") }, "servers")).toThrow(/servers\.count reaches the browser/);
    expect(() => plainWords({ note: compile("<strong>Off</strong>") }, "memory")).toThrow(/memory\.note/);
  });
});
