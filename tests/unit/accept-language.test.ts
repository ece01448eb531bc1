import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "@/lib/i18n/accept-language";

describe("the language a browser asks for", () => {
  it.each([
    ["it-IT,it;q=0.9,en;q=0.8", "it"],
    ["de-CH,de;q=0.9", "de"],
    ["fr-FR,de;q=0.5", "de"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR,fr;q=0.9", "en"],
    ["*", "en"],
    ["", "en"],
    ["this is not, a ;;; header", "en"],
  ])("%s → %s", (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it("answers English when the browser sends no header", () => {
    expect(localeFromAcceptLanguage(null)).toBe("en");
  });
});
