import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { isLocale, type Locale } from "@/lib/i18n/locales.ts";
import type { Actor } from "./actor.ts";
import { authOptions } from "./options.ts";
import { secureSessionCookies } from "./secret.ts";
import { activeSessionUser } from "./sessions.ts";

/** `locale`: the language the user chose for the dashboard; null, their browser's decides (lib/i18n/request.ts). */
export type PageUser = Actor & { name: string; email: string; locale: Locale | null };

/** The signed-in user for a page; anyone else is sent to the sign-in page. */
export async function requirePageUser(returnTo = "/servers"): Promise<PageUser> {
  await connection(); // per request, never prerendered at build time (nor with the build's secret)
  const user = await pageSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * The signed-in operator for an operator page. A customer gets the same 404 as for a page that does
 * not exist: the operator's side is not something customers should learn about.
 */
export async function requireOperatorPage(returnTo = "/operator"): Promise<PageUser> {
  const user = await requirePageUser(returnTo);
  if (user.role !== "operator") notFound();
  return user;
}

/**
 * The signed-in user of this page request, if the session cookie's server-side session still counts.
 * Asked once per request (React's cache): the layout, the page and the language (lib/i18n/request.ts) share it.
 */
export const pageSessionUser = cache(async (): Promise<PageUser | null> => {
  const session = await getServerSession(authOptions({ secureCookies: secureSessionCookies(await headers()) }));
  const user = await activeSessionUser(session?.sessionId, session?.user.id);
  if (!user) return null;
  return { userId: user.id, role: user.role, via: "session", sessionId: session?.sessionId, name: user.name, email: user.email, locale: isLocale(user.locale) ? user.locale : null };
});
