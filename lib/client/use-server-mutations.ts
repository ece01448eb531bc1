"use client";

// The changes a customer makes to a server, as TanStack Query mutations on the tab's query client.
// Only the dialogs that make them (loaded when opened) import this, and the library with it.
import { useMutation } from "@tanstack/react-query";
import type { RestartMode } from "@/lib/actions/commands/restart";
import type { customerRoutes } from "@/lib/contracts/customer-routes";
import type { RouteBodyInput } from "@/lib/contracts/route-contract";
import { ApiRequestError, postReinstall, postRestart, putBallooning } from "./api";
import { queryClient } from "./query-runtime";
import { queryKeys, rememberAction } from "./use-server-actions";

/** Refusals because another action got there first (its id in `details.actionId`). */
const IN_THE_WAY = new Set<string>(["action_in_progress", "reinstall_in_progress"]);

function afterConflict(serverId: string, error: Error): void {
  // Another action got there first: fetch the list so its progress shows and the controls lock.
  if (error instanceof ApiRequestError && IN_THE_WAY.has(error.code)) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.serverActions(serverId) });
  }
}

/** PUT ballooning. `enabled` is ballooning ON; "now" queues the restart that applies it. */
export function useSetBallooning(serverId: string) {
  return useMutation(
    {
      mutationFn: (change: { enabled: boolean; restart: "now" | "later" }) => putBallooning(serverId, change),
      onSuccess: ({ server, action }) => {
        queryClient.setQueryData(queryKeys.server(serverId), server);
        if (action) rememberAction(queryClient, action);
      },
      onError: (error) => afterConflict(serverId, error),
      // Not awaited: the answer already carries the server, so the dialog can close at once.
      onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.server(serverId) }),
    },
    // The tab's client, which the server's queries use too (query-runtime.ts).
    queryClient,
  );
}

/** POST restart: graceful by default, "force" skips the clean shutdown. */
export function useRestartServer(serverId: string) {
  return useMutation(
    {
      mutationFn: (mode: RestartMode) => postRestart(serverId, mode),
      onSuccess: (action) => rememberAction(queryClient, action),
      onError: (error) => afterConflict(serverId, error),
      onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.server(serverId) }),
    },
    // The tab's client, which the server's queries use too (query-runtime.ts).
    queryClient,
  );
}

/**
 * POST reinstall onto KVM. The action is then followed like any other; when it ends, rememberAction
 * fetches the server again, which by then is a KVM server with ballooning on.
 */
export function useReinstallServer(serverId: string) {
  return useMutation(
    {
      mutationFn: (request: RouteBodyInput<typeof customerRoutes.reinstallServer>) => postReinstall(serverId, request),
      onSuccess: ({ action }) => rememberAction(queryClient, action),
      onError: (error) => afterConflict(serverId, error),
      onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.server(serverId) }),
    },
    // The tab's client, which the server's queries use too (query-runtime.ts).
    queryClient,
  );
}
