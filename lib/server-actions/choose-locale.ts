"use server";

import { refresh } from "next/cache";
import { isLocale } from "@/lib/i18n/locales.ts";
import { setAccountLocale } from "@/lib/auth/account-locale.ts";
import { requirePageUser } from "@/lib/auth/page-session.ts";

// The dashboard's Server Actions: the forms pages post to directly. Components may import them
// (the bundler hands the browser a reference, not their code); each checks who is asking itself,
// as a route handler does, since anyone can post to one.

/**
 * The user menu's language form: saves the choice to the signed-in user's account, then the page
 * is rendered again in it. A form that names no language the dashboard speaks changes nothing.
 */
export async function chooseLocale(form: FormData): Promise<void> {
  const locale = form.get("locale");
  if (!isLocale(locale)) return;
  await setAccountLocale({ actor: await requirePageUser(), locale });
  refresh();
}
