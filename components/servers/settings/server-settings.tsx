"use client";

import { useEffect, useRef, type ReactNode } from "react";
import type { ActionView } from "@/lib/contracts/actions";
import { useServer, useServerActivity } from "@/lib/client/use-server-actions";
import type { ServerView } from "@/lib/contracts/servers";
import { ActionProgress } from "../action-progress-deferred";
import { BallooningSection } from "./ballooning-section";
import { LxcBallooningCard } from "./lxc-ballooning-card";
import type { ImageChoice } from "./reinstall-dialog";
import { ReinstallOnKvm } from "./reinstall-on-kvm";
import type { SettingsWords } from "./settings-words";

/**
 * The Settings tab. Chooses between the LXC card and the KVM ballooning section from the live server,
 * so a finished reinstall turns the page into the KVM section in place, its outcome still shown.
 * `explanation` and `lxcExplanation`: what ballooning is, on a KVM and on an LXC server, rendered on the server.
 */
export function ServerSettings({
  server: initial,
  images,
  words,
  explanation,
  lxcExplanation,
}: {
  server: ServerView;
  images: ImageChoice[];
  words: SettingsWords;
  explanation: ReactNode;
  lxcExplanation: ReactNode;
}) {
  const server = useServer(initial.id, initial).data;
  const activity = useServerActivity(server.id);
  const reinstall = activity.action?.command === "reinstall" ? activity.action : undefined;

  if (!server.ballooning.supported) {
    return (
      <LxcBallooningCard
        server={server}
        words={words}
        explanation={lxcExplanation}
        reinstall={<ReinstallOnKvm server={server} images={images} activity={activity} words={words.reinstall} />}
      />
    );
  }
  return (
    <>
      {reinstall && <ReinstallOutcome action={reinstall} checkedAt={activity.checkedAt} onDismiss={activity.dismiss} />}
      <BallooningSection server={server} words={words} explanation={explanation} />
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
