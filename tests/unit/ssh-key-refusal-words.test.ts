import { describe, expect, it } from "vitest";
import { ApiRequestError } from "@/lib/client/api.ts";
import { apiErrorWords } from "@/lib/client/error-words.ts";
import de from "@/lib/i18n/messages/de/errors.json";
import en from "@/lib/i18n/messages/en/errors.json";
import it_ from "@/lib/i18n/messages/it/errors.json";

// A refused SSH key is worded by its reason, in the reader's language, with its type and bits
// written their way (Italian groups no four-digit number): the page never shows the API's English message.

const refusal = (details: Record<string, unknown>) => new ApiRequestError("(the API's English)", "invalid_ssh_key", 422, { field: "login.publicKey", ...details });

describe("the words for a refused SSH key", () => {
  it("say how many bits a weak key has, and how many are needed, in each language", () => {
    const weak = refusal({ reason: "too_short", keyType: "rsa", bits: 1024, minimumBits: 2048 });
    expect(apiErrorWords(weak, en, "en")).toMatch(/^This RSA key has 1,024 bits; at least 2,048 are needed\./);
    expect(apiErrorWords(weak, it_, "it")).toMatch(/^Questa chiave RSA ha 1024 bit; ne servono almeno 2048\./);
    expect(apiErrorWords(weak, de, "de")).toMatch(/^Dieser RSA-Schlüssel hat 1\.024 Bit; mindestens 2\.048 sind nötig\./);
  });

  it("name a type that is not accepted, a private key and a paste of several lines", () => {
    expect(apiErrorWords(refusal({ reason: "type_not_accepted", keyType: "dsa" }), en, "en")).toMatch(/^Keys of type DSA are not accepted/);
    expect(apiErrorWords(refusal({ reason: "private_key" }), de, "de")).toMatch(/^Das ist ein privater Schlüssel/);
    expect(apiErrorWords(refusal({ reason: "several_lines" }), it_, "it")).toMatch(/^Incolla una sola chiave, su una riga/);
  });

  it("fall back to 'not a key' for a reason they do not know", () => {
    expect(apiErrorWords(refusal({ reason: "from_the_future" }), en, "en")).toMatch(/^This is not an SSH public key\./);
    expect(apiErrorWords(refusal({}), en, "en")).not.toContain("(the API's English)");
  });
});
