import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "./actor.ts";
import { authOptions } from "./options.ts";
import { servedOverHttps } from "./secret.ts";

export type PageUser = Actor & { name: string; email: string };

/** The signed-in user for a page; anyone else is sent to the sign-in page. */
export async function requirePageUser(returnTo = "/servers"): Promise<PageUser> {
  await connection(); // per request, never prerendered at build time (nor with the build's secret)
  const session = await getServerSession(authOptions({ secureCookies: servedOverHttps(await headers()) }));
  const user = session?.user.id
    ? await db().user.findUnique({ where: { id: session.user.id }, select: { id: true, role: true, name: true, email: true } })
    : null;
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return { userId: user.id, role: user.role, via: "session", name: user.name, email: user.email };
}
