-- The language a customer chose for the dashboard (i18n/locales.ts). Null until they choose one:
-- their browser's Accept-Language decides till then.
ALTER TABLE "users" ADD COLUMN "locale" TEXT;
ALTER TABLE "users" ADD CONSTRAINT "users_locale_check" CHECK ("locale" IN ('en', 'it', 'de'));
