"use client";

import { useEffect, useRef } from "react";
import type { ActionView } from "@/lib/contracts/actions";
import { useServer, useServerActivity } from "@/lib/client/use-server-actions";
import type { ServerView } from "@/lib/contracts/servers";
import { ActionProgress } from "../action-progress-deferred";
import { BallooningSection } from "./ballooning-section";
import { LxcBallooningCard } from "./lxc-ballooning-card";
import type { ImageChoice } from "./reinstall-dialog";
import { ReinstallOnKvm } from "./reinstall-on-kvm";

/**
 * The Settings tab. Chooses between the LXC card and the KVM ballooning section from the live server,
 * so a finished reinstall turns the page into the KVM section in place, its outcome still shown.
 */
export function ServerSettings({ server: initial, images }: { server: ServerView; images: ImageChoice[] }) {
  const server = useServer(initial.id, initial).data;
  const activity = useServerActivity(server.id);
  const reinstall = activity.action?.command === "reinstall" ? activity.action : undefined;

  if (!server.ballooning.supported) {
    return <LxcBallooningCard server={server} reinstall={<ReinstallOnKvm server={server} images={images} activity={activity} />} />;
  }
  return (
    <>
      {reinstall && <ReinstallOutcome action={reinstall} checkedAt={activity.checkedAt} onDismiss={activity.dismiss} />}
      <BallooningSection server={server} />
    </>
  );
}

/** The finished reinstall above the KVM section; focus moves to it when the button that was focused has gone. */
function ReinstallOutcome({ action, checkedAt, onDismiss }: { action: ActionView; checkedAt: number; onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body) ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className="rounded-xl focus:outline-none">
      <ActionProgress action={action} checkedAt={checkedAt} onDismiss={onDismiss} className="shadow-sm" />
    </div>
  );
}
