"use client";

import dynamic from "next/dynamic";
import { useId, useState } from "react";
import { BallooningBadge } from "@/components/servers/ballooning-badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { useServer, useServerActivity } from "@/lib/client/use-server-actions";
import type { ServerView } from "@/lib/contracts/servers";
import { ActionProgress } from "../action-progress-deferred";
import { BallooningExplanation } from "./ballooning-explanation";
import { GuaranteedMemoryRefusal } from "./guaranteed-memory-refusal";
import { HostViewWarning } from "./host-view-warning";
import { PendingRestartNotice } from "./pending-restart-notice";

// The confirmation is fetched when the switch is first flipped, not with the page.
const BallooningConfirmDialog = dynamic(() => import("./ballooning-confirm-dialog").then((module) => module.BallooningConfirmDialog), { ssr: false });

/**
 * Settings → Memory ballooning on a KVM server. The switch is "Disable ballooning" (on = ballooning
 * off, the inverse of the API's `enabled`); a change is confirmed with its restart, and followed live.
 */
export function BallooningSection({ server: initial }: { server: ServerView }) {
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
      <CardHeader title="Memory ballooning" action={<BallooningBadge ballooning={ballooning} />} />
      <CardBody className="space-y-5">
        <BallooningExplanation />

        <div className="space-y-4 border-t border-slate-100 pt-5">
          <div className="flex items-start justify-between gap-4">
            <div>
              <p id={labelId} className="text-sm font-medium text-slate-900">
                Disable ballooning
              </p>
              <p id={descriptionId} className="mt-0.5 text-sm text-slate-600">
                Give this server fixed, guaranteed memory that the host never reclaims. Takes effect after a restart.
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
          {refusal && <GuaranteedMemoryRefusal message={refusal} onDismiss={() => setRefusal(null)} />}
          {activity.busy && (
            <p id={busyId} className="text-sm text-slate-600">
              A restart is in progress for this server. You can change this setting again when it has finished.
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

          {ballooning.pendingRestart && !activity.busy && <PendingRestartNotice server={server} />}

          <HostViewWarning ballooning={ballooning} />
        </div>
      </CardBody>
      {confirming !== null && (
        <BallooningConfirmDialog server={server} enable={confirming} onClose={() => setConfirming(null)} onRefused={setRefusal} />
      )}
    </Card>
  );
}
