"use client";

import dynamic from "next/dynamic";
import { useServerActivity } from "@/lib/client/use-server-actions";

// The progress panel shows only once the browser has found an action (the server-rendered page never
// has one), so its code (step names, timings, icons) is fetched then instead of with the page.
export const ActionProgress = dynamic(() => import("./action-progress").then((module) => module.ActionProgress), { ssr: false });

/** The server's current action, followed live (and its outcome until dismissed); nothing otherwise. */
export function LiveActionProgress({ serverId, headingLevel }: { serverId: string; headingLevel?: 2 | 3 }) {
  const activity = useServerActivity(serverId);
  if (!activity.action) return null;
  return (
    <ActionProgress
      className="shadow-sm"
      action={activity.action}
      checkedAt={activity.checkedAt}
      queuedBehind={activity.queuedBehind}
      onDismiss={activity.dismiss}
      headingLevel={headingLevel}
    />
  );
}
