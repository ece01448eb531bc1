"use client";

import dynamic from "next/dynamic";
import { useId, useState, type ReactNode } from "react";
import { BallooningBadge } from "@/components/servers/ballooning-badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { useServer, useServerActivity } from "@/lib/client/use-server-actions";
import type { ServerView } from "@/lib/contracts/servers";
import { ActionProgress } from "../action-progress-deferred";
import { GuaranteedMemoryRefusal } from "./guaranteed-memory-refusal";
import { HostViewWarning } from "./host-view-warning";
import { PendingRestartNotice } from "./pending-restart-notice";
import type { SettingsWords } from "./settings-words";

// The confirmation is fetched when the switch is first flipped, not with the page.
const BallooningConfirmDialog = dynamic(() => import("./ballooning-confirm-dialog").then((module) => module.BallooningConfirmDialog), { ssr: false });

/**
 * Settings → Memory ballooning on a KVM server. The switch is "Disable ballooning" (on = ballooning
 * off, the inverse of the API's `enabled`); a change is confirmed with its restart, and followed live.
 * `explanation`: what ballooning is, rendered on the server (ballooning-explanation.tsx).
 */
export function BallooningSection({ server: initial, words, explanation }: { server: ServerView; words: SettingsWords; explanation: ReactNode }) {
  const server = useServer(initial.id, initial).data;
  const activity = useServerActivity(server.id);
  // The ballooning value (API `enabled`) the customer is asked to confirm; null: no dialog.
  const [confirming, setConfirming] = useState<boolean | null>(null);
  // Why disabling ballooning was just refused (the host cannot guarantee the memory); null: nothing to say.
  const [refusal, setRefusal] = useState<string | null>(null);
  const labelId = useId();
  const descriptionId = useId();
  const busyId = useId();

  const locked = activity.busy || activity.loading;
  const { ballooning } = server;

  return (
    <Card>
      <CardHeader title={words.ballooning.title} action={<BallooningBadge ballooning={ballooning} />} />
      <CardBody className="space-y-5">
        {explanation}

        <div className="space-y-4 border-t border-slate-100 pt-5">
          <div className="flex items-start justify-between gap-4">
            <div className="min-w-0">
              <p id={labelId} className="text-sm font-medium text-slate-900">
                {words.ballooning.switchLabel}
              </p>
              <p id={descriptionId} className="mt-0.5 text-sm text-slate-600">
                {words.ballooning.switchDescription}
              </p>
            </div>
            <Switch
              checked={!ballooning.enabled}
              onCheckedChange={(disable) => {
                setRefusal(null);
                setConfirming(!disable);
              }}
              disabled={locked}
              aria-labelledby={labelId}
              aria-describedby={activity.busy ? `${descriptionId} ${busyId}` : descriptionId}
              className="mt-0.5"
            />
          </div>
          {refusal && <GuaranteedMemoryRefusal title={words.refusal.title} dismissLabel={words.refusal.dismiss} message={refusal} onDismiss={() => setRefusal(null)} />}
          {activity.busy && (
            <p id={busyId} className="text-sm text-slate-600">
              {words.ballooning.restartInProgress}
            </p>
          )}

          {activity.action && (
            <ActionProgress
              action={activity.action}
              checkedAt={activity.checkedAt}
              queuedBehind={activity.queuedBehind}
              onDismiss={activity.dismiss}
            />
          )}

          {ballooning.pendingRestart && !activity.busy && <PendingRestartNotice server={server} words={words.pending} />}

          <HostViewWarning ballooning={ballooning} words={words.hostView} />
        </div>
      </CardBody>
      {confirming !== null && (
        <BallooningConfirmDialog server={server} enable={confirming} words={words} onClose={() => setConfirming(null)} onRefused={setRefusal} />
      )}
    </Card>
  );
}
