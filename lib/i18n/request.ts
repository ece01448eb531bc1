import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { pageSessionUser } from "@/lib/auth/page-session.ts";
import { localeFromAcceptLanguage } from "./accept-language.ts";
import type { Locale } from "./locales.ts";
import { messagesOf } from "./messages.ts";

// The language of a page request: the signed-in customer's saved choice, else the browser's
// Accept-Language, else English. next-intl asks this once per request, from the first component
// that translates; the session lookup is the one the page makes anyway (cached per request).

export default getRequestConfig(async () => {
  const locale: Locale = (await pageSessionUser())?.locale ?? localeFromAcceptLanguage((await headers()).get("accept-language"));
  return { locale, messages: await messagesOf(locale), timeZone: "UTC" };
});
