import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import { NAMESPACES } from "@/lib/i18n/messages";

// Every language has every message English has, with the same placeholders, and nothing English
// lacks: a key missing in Italian would show the key itself to an Italian customer.

const root = path.join(import.meta.dirname, "../../lib/i18n/messages");

type Tree = { [key: string]: string | Tree };
const read = (locale: string, namespace: string): Tree => JSON.parse(readFileSync(path.join(root, locale, `${namespace}.json`), "utf8")) as Tree;

/** Every message's path and text. */
function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") found.set(at, value);
    else for (const [inner, text] of leaves(value, at)) found.set(inner, text);
  }
  return found;
}

/** The ICU arguments a message names: {name}, {count, plural, …}, and rich-text tags <b>. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  for (const match of message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*[,}]/g)) names.add(match[1] ?? "");
  for (const match of message.matchAll(/<([A-Za-z][\w]*)>/g)) names.add(`<${match[1] ?? ""}>`);
  return [...names].sort();
}

describe("the messages", () => {
  it("has a file for every namespace in every language, and no file for a namespace the dashboard does not load", () => {
    for (const locale of LOCALES) {
      const files = readdirSync(path.join(root, locale)).filter((file) => file.endsWith(".json")).map((file) => file.replace(/\.json$/, ""));
      expect(files.sort(), locale).toEqual([...NAMESPACES].sort());
    }
  });

  for (const namespace of NAMESPACES) {
    const english = leaves(read("en", namespace));
    for (const locale of LOCALES.filter((locale) => locale !== "en")) {
      it(`${locale}/${namespace} has every English key with the same arguments, and no other`, () => {
        const translated = leaves(read(locale, namespace));
        expect([...translated.keys()].filter((key) => !english.has(key)), "keys English lacks").toEqual([]);
        expect([...english.keys()].filter((key) => !translated.has(key)), "keys missing").toEqual([]);
        for (const [key, text] of english) {
          expect(argumentsOf(translated.get(key) ?? ""), `${locale}/${namespace}: ${key}`).toEqual(argumentsOf(text));
          expect((translated.get(key) ?? "").trim(), `${locale}/${namespace}: ${key} is empty`).not.toBe("");
        }
      });
    }
  }
});
