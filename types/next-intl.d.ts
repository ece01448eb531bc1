import type { Locale } from "@/lib/i18n/locales";
import type account from "@/lib/i18n/messages/en/account.json";
import type actions from "@/lib/i18n/messages/en/actions.json";
import type activity from "@/lib/i18n/messages/en/activity.json";
import type apiReference from "@/lib/i18n/messages/en/apiReference.json";
import type auth from "@/lib/i18n/messages/en/auth.json";
import type common from "@/lib/i18n/messages/en/common.json";
import type errors from "@/lib/i18n/messages/en/errors.json";
import type memory from "@/lib/i18n/messages/en/memory.json";
import type operator from "@/lib/i18n/messages/en/operator.json";
import type servers from "@/lib/i18n/messages/en/servers.json";
import type settings from "@/lib/i18n/messages/en/settings.json";
import type tokens from "@/lib/i18n/messages/en/tokens.json";

// next-intl's keys and locales, typed from the English messages: t("servers.nope") does not compile.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: {
      account: typeof account;
      actions: typeof actions;
      activity: typeof activity;
      apiReference: typeof apiReference;
      auth: typeof auth;
      common: typeof common;
      errors: typeof errors;
      memory: typeof memory;
      operator: typeof operator;
      servers: typeof servers;
      settings: typeof settings;
      tokens: typeof tokens;
    };
  }
}
