import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// No component writes a word the customer reads outside the messages (lib/i18n/messages/<locale>/*.json):
// such a word would stay English on an Italian or German page. The scan reads every .tsx file of
// app/ and components/ and reports text between tags, string literals placed among a tag's
// children, and the attributes a reader or a screen reader meets (aria-label, title, alt,
// placeholder, label). Class names, keys, ids and URLs are not words: they are never reported.

const root = path.join(import.meta.dirname, "../..");
// The attributes of HTML a reader meets, and the props of the dashboard's own components that carry words to them.
const READ_ATTRIBUTES = new Set(["aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "title", "alt", "placeholder", "label", "description", "heading", "hint", "message", "summary", "subtitle"]);

/** Text a reader would read: at least one letter. Punctuation, numbers and symbols alone (·, →, %, ×) are not words. */
const isWords = (text: string) => /\p{L}/u.test(text);

function tsxFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const at = path.join(directory, entry);
    if (statSync(at).isDirectory()) return tsxFiles(at);
    return at.endsWith(".tsx") ? [at] : [];
  });
}

/** Each literal a reader would read in the file, as "line: text". */
export function literalWords(source: string, fileName = "component.tsx"): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => found.push(`${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text.trim()}`);
  const visit = (node: ts.Node, inChildren: boolean) => {
    if (ts.isJsxText(node)) {
      if (isWords(node.text)) report(node, node.text);
      return;
    }
    if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(file);
      const value = node.initializer;
      if (READ_ATTRIBUTES.has(name) && value) {
        if (ts.isStringLiteral(value)) {
          if (isWords(value.text)) report(value, value.text);
        } else ts.forEachChild(value, (child) => visit(child, true));
      }
      return; // className, href, key, id, role…: not words
    }
    if (inChildren && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))) {
      if (isWords(node.text)) report(node, node.text);
      return;
    }
    // Inside a tag's children, an expression's literals are shown; a call's arguments (t("key"), a
    // formatter's options) and an element's attributes are not.
    if (ts.isCallExpression(node) || ts.isElementAccessExpression(node) || ts.isBinaryExpression(node) && node.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken && node.operatorToken.kind !== ts.SyntaxKind.BarBarToken && node.operatorToken.kind !== ts.SyntaxKind.PlusToken) {
      ts.forEachChild(node, (child) => visit(child, false));
      return;
    }
    const children = ts.isJsxElement(node) || ts.isJsxFragment(node) || ts.isJsxExpression(node) ? true : ts.isJsxSelfClosingElement(node) || ts.isJsxOpeningElement(node) ? false : inChildren;
    ts.forEachChild(node, (child) => visit(child, children));
  };
  visit(file, false);
  return found;
}

const files = [...tsxFiles(path.join(root, "app")), ...tsxFiles(path.join(root, "components"))];

/** Parts still written in English only, translated one by one; this list only shrinks. */
const NOT_YET_TRANSLATED = new Set<string>([

]);

describe("the components' words", () => {
  it("finds a literal between tags, among children and in a read attribute, and nothing in class names or calls", () => {
    const found = literalWords(`
      export const A = ({ busy }: { busy: boolean }) => (
        <div className="flex gap-2" id="x" aria-label="Close dialog">
          Saved
          {busy ? "Saving…" : t("idle")}
          <img alt="" src="/a.svg" />
          <span title={\`\${n} servers\`}>{format(n, { style: "unit" })} · →</span>
        </div>
      );`);
    expect(found).toEqual(["3: Close dialog", "4: Saved", "5: Saving…", "7: servers"]);
  });

  it("has no literal words in any component outside the messages", () => {
    const offending: string[] = [];
    for (const file of files) {
      const relative = path.relative(root, file);
      if (NOT_YET_TRANSLATED.has(relative)) continue;
      for (const word of literalWords(readFileSync(file, "utf8"), file)) offending.push(`${relative}:${word}`);
    }
    expect(offending).toEqual([]);
  });

  it("lists only files that still exist and still hold English words as not yet translated", () => {
    for (const relative of NOT_YET_TRANSLATED) {
      expect(literalWords(readFileSync(path.join(root, relative), "utf8")).length, relative).toBeGreaterThan(0);
    }
  });
});
