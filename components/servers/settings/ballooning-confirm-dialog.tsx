"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useToast } from "@/components/ui/toast";
import { ApiRequestError } from "@/lib/client/api";
import { useSetBallooning } from "@/lib/client/use-server-mutations";
import { formatMiB } from "@/lib/format";
import type { ServerView } from "@/lib/contracts/servers";

type Restart = "now" | "later";

/**
 * Confirms a ballooning change, which takes effect only with a restart: now, or at the next one.
 * Going back to what the server already runs with needs no restart, and says so. When the host cannot
 * guarantee the server's memory, the dialog closes and `onRefused` has the page say why, by the switch.
 */
export function BallooningConfirmDialog({
  server,
  enable,
  onClose,
  onRefused,
}: {
  server: ServerView;
  enable: boolean;
  onClose: () => void;
  onRefused: (message: string) => void;
}) {
  const change = useSetBallooning(server.id);
  const { toast } = useToast();
  const onOff = (on: boolean) => (on ? "on" : "off");
  const withdraw = server.ballooning.pendingRestart && server.ballooning.applied === enable;
  const pending = change.isPending ? change.variables.restart : null;

  function apply(restart: Restart) {
    change.mutate(
      { enabled: enable, restart },
      {
        onSuccess: ({ action }) => {
          onClose();
          // With "now", the progress on the page takes over; the other outcomes are said here.
          if (action) return;
          if (withdraw) toast({ tone: "success", title: "Change withdrawn", description: `Ballooning stays ${onOff(enable)}. No restart is needed.` });
          else if (restart === "later")
            toast({
              tone: "success",
              title: "Saved for the next restart",
              description: `Ballooning will be ${onOff(enable)} once ${server.name} restarts. Restart it whenever it suits you.`,
            });
          else toast({ tone: "info", title: "Nothing to change", description: `${server.name} already runs with ballooning ${onOff(enable)}.` });
        },
        onError: (error) => {
          if (!(error instanceof ApiRequestError) || error.code !== "guaranteed_memory_unavailable") return;
          onClose();
          onRefused(error.message);
        },
      },
    );
  }

  const footer = withdraw ? (
    <>
      <Button variant="secondary" onClick={onClose} disabled={change.isPending}>
        Cancel
      </Button>
      <Button onClick={() => apply("later")} disabled={change.isPending}>
        {pending && <Spinner />}
        Withdraw change
      </Button>
    </>
  ) : (
    <>
      <Button variant="secondary" onClick={onClose} disabled={change.isPending}>
        Cancel
      </Button>
      <Button variant="secondary" onClick={() => apply("later")} disabled={change.isPending}>
        {pending === "later" && <Spinner />}
        Apply at next restart
      </Button>
      <Button onClick={() => apply("now")} disabled={change.isPending}>
        {pending === "now" && <Spinner />}
        Restart now
      </Button>
    </>
  );

  return (
    <Dialog
      open
      onClose={onClose}
      busy={change.isPending}
      tone={withdraw ? "default" : "warning"}
      title={withdraw ? `Keep ballooning ${onOff(enable)}?` : enable ? "Enable ballooning?" : "Disable ballooning?"}
      description={
        withdraw ? (
          <p>
            {server.name} still runs with ballooning {onOff(enable)}, so no restart is needed. This withdraws the change that was
            waiting for the next restart.
          </p>
        ) : (
          <p>
            <span className="font-medium text-slate-900">{server.name} must restart for this to take effect.</span> While it
            restarts, it is offline for a minute or two.
          </p>
        )
      }
      footer={footer}
    >
      {!withdraw && (
        <ul className="list-disc space-y-1.5 pl-5 text-sm text-slate-700 marker:text-slate-400">
          {enable ? (
            <>
              <li>The host can reclaim memory your server is not using, and returns it the moment your server needs it.</li>
              <li>The memory chart shows figures from inside your server again.</li>
            </>
          ) : (
            <>
              <li>Your server keeps its full {formatMiB(server.memoryMiB)} at all times.</li>
              <li>The memory chart can only show the host&apos;s view; figures from inside your server are no longer reported.</li>
            </>
          )}
          <li>
            <span className="font-medium text-slate-900">Apply at next restart</span> saves the change now; it takes effect the next
            time you restart the server.
          </li>
        </ul>
      )}
      {change.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-inset ring-red-600/20">
          {change.error.message}
        </p>
      )}
    </Dialog>
  );
}
