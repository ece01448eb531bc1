import { db } from "@/lib/db/client.ts";
import type { Locale } from "@/lib/i18n/locales.ts";
import { unauthorized, type Actor } from "./actor.ts";
import { accountNotForTokens, canManageAccount } from "./permissions.ts";

/**
 * Saves the language the customer chose for the dashboard: every page they open afterwards, on any
 * browser, is in it (lib/i18n/request.ts). A preference of the dashboard's own, so a session's alone.
 */
export async function setAccountLocale({ actor, locale }: { actor: Actor; locale: Locale }): Promise<{ locale: Locale }> {
  if (!canManageAccount(actor)) throw accountNotForTokens();
  const { count } = await db().user.updateMany({ where: { id: actor.userId }, data: { locale } });
  if (count !== 1) throw unauthorized();
  return { locale };
}
