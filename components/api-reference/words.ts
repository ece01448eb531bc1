import type { createTranslator, Messages } from "next-intl";

// The reference page's words (lib/i18n/messages/<locale>/apiReference.json), as the translator the
// page's server components get from getTranslations("apiReference"). The document's own
// descriptions stay as the API writes them, in English.

export type ReferenceWords = ReturnType<typeof createTranslator<Messages, "apiReference">>;
