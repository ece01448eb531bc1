// What the customer reads when a call to the API fails: the words for the error's code, in their
// language (lib/i18n/messages/<locale>/errors.json, `api`), never the API's own English message,
// which is written for API clients. A code without words of its own gets the generic ones.
import type { Messages } from "next-intl";
import { formatMiB } from "@/lib/format";
import { fillWords } from "@/lib/i18n/fill-words";
import type { Locale } from "@/lib/i18n/locales";
import { ApiRequestError, type ClientErrorCode } from "./api";

type ErrorWords = Messages["errors"];

export function apiErrorWords(error: Error, words: ErrorWords, locale: Locale): string {
  if (!(error instanceof ApiRequestError)) return words.generic;
  if (error.code === "guaranteed_memory_unavailable") {
    // The reason says which: no room left for the plan (`requestedMiB`), or a host that has not reported its memory.
    const { reason, requestedMiB } = error.details;
    const refusal = words.api.guaranteed_memory_unavailable;
    if (reason === "host_memory_unknown") return refusal.host_memory_unknown;
    return typeof requestedMiB === "number" ? fillWords(refusal.host_full, { memory: formatMiB(requestedMiB, locale) }) : words.generic;
  }
  if (error.code === "invalid_ssh_key") {
    // The reason says what is wrong with the key, and for a weak one its type and bits.
    const { reason, keyType, bits, minimumBits } = error.details;
    const refusal = words.api.invalid_ssh_key;
    const type = typeof keyType === "string" ? keyType.toUpperCase() : "";
    if (reason === "too_short" && typeof bits === "number" && typeof minimumBits === "number") {
      return fillWords(refusal.too_short, { type, bits: bits.toLocaleString(locale), minimum: minimumBits.toLocaleString(locale) });
    }
    if (reason === "type_not_accepted") return fillWords(refusal.type_not_accepted, { type });
    if (reason === "several_lines" || reason === "private_key") return refusal[reason];
    return refusal.not_a_key;
  }
  const message = (words.api as Partial<Record<ClientErrorCode, unknown>>)[error.code];
  return typeof message === "string" ? message : words.generic;
}
