import type { Messages } from "next-intl";

/**
 * The settings messages the browser needs (lib/i18n/messages/<locale>/settings.json, as plain text):
 * all but the page's title and the ballooning explanation, which the server renders.
 */
export type SettingsWords = Omit<Messages["settings"], "pageTitle" | "explanation">;
