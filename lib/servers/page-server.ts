import { notFound } from "next/navigation";
import { cache } from "react";
import { isDomainError } from "@/lib/errors/domain-error";
import { requirePageUser } from "@/lib/auth/page-session";
import { getServer } from "./get-server";

/**
 * The server a page is about, for the signed-in user. Someone else's server shows the same
 * 404 page as a missing one. Cached per request, so a layout and its page share one lookup.
 */
export const serverForPage = cache(async (serverId: string) => {
  const actor = await requirePageUser(`/servers/${encodeURIComponent(serverId)}`);
  try {
    return await getServer({ actor, serverId });
  } catch (error) {
    if (isDomainError(error, "server_not_found")) notFound();
    throw error;
  }
});
