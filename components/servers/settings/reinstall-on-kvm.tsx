"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { ServerActivity } from "@/lib/client/use-server-actions";
import type { ServerView } from "@/lib/contracts/servers";
import { fillWords } from "@/lib/i18n/fill-words";
import { ActionProgress } from "../action-progress-deferred";
import type { ImageChoice } from "./reinstall-dialog";
import type { SettingsWords } from "./settings-words";

// The reinstall's form is fetched when it is first opened, not with the page.
const ReinstallDialog = dynamic(() => import("./reinstall-dialog").then((module) => module.ReinstallDialog), { ssr: false });

/** The offer to move an LXC server to KVM, its confirmation, and the reinstall followed step by step. */
export function ReinstallOnKvm({
  server,
  images,
  activity,
  words,
}: {
  server: ServerView;
  images: ImageChoice[];
  activity: ServerActivity;
  words: SettingsWords["reinstall"];
}) {
  const [open, setOpen] = useState(false);
  const unavailable = activity.busy || activity.loading;
  const running = activity.busy && activity.action?.command === "reinstall";

  return (
    <div className="space-y-4 border-t border-slate-100 pt-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="min-w-0 break-words">
          <h3 className="text-sm font-medium text-slate-900">{words.offerTitle}</h3>
          <p className="mt-0.5 text-sm text-slate-600">{fillWords(words.offer, { name: server.name })}</p>
        </div>
        {/* aria-disabled, not disabled: focus comes back here when the dialog closes. */}
        {(images.length > 0 || running) && (
          <Button
            variant="secondary"
            onClick={() => !unavailable && setOpen(true)}
            aria-disabled={unavailable || undefined}
            className={`shrink-0 ${unavailable ? "cursor-not-allowed opacity-60" : ""}`}
          >
            {running && <Spinner />}
            {running ? words.running : words.button}
          </Button>
        )}
      </div>
      {images.length === 0 && !running && (
        <p role="note" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-inset ring-amber-600/30">
          {words.noImages}
        </p>
      )}
      {activity.busy && !running && (
        <p className="text-sm text-slate-600">{words.otherAction}</p>
      )}

      {activity.action && (
        <ActionProgress action={activity.action} checkedAt={activity.checkedAt} queuedBehind={activity.queuedBehind} onDismiss={activity.dismiss} />
      )}

      {open && <ReinstallDialog server={server} images={images} words={words.dialog} onClose={() => setOpen(false)} />}
    </div>
  );
}
