import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import type { Actor } from "./actor.ts";
import { authOptions } from "./options.ts";
import { secureSessionCookies } from "./secret.ts";
import { activeSessionUser } from "./sessions.ts";

export type PageUser = Actor & { name: string; email: string };

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

/** The signed-in user of this page request, if the session cookie's server-side session still counts. */
export async function pageSessionUser(): Promise<PageUser | null> {
  const session = await getServerSession(authOptions({ secureCookies: secureSessionCookies(await headers()) }));
  const user = await activeSessionUser(session?.sessionId, session?.user.id);
  return user ? { userId: user.id, role: user.role, via: "session", sessionId: session?.sessionId, name: user.name, email: user.email } : null;
}
