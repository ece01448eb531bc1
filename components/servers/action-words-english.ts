import actions from "@/lib/i18n/messages/en/actions.json";
import errors from "@/lib/i18n/messages/en/errors.json";
import type { ActionWords } from "./action-words";

// The actions' and errors' words in English, for a part of a page that has no ActionWordsScope
// around it. Fetched then, and only then (action-words.tsx): no page carries these in its first load.

export const englishWords: ActionWords = { locale: "en", actions, errors };
