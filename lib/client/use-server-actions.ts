"use client";

// TanStack Query hooks for a server and its actions (through live-query.ts, which loads the library
// after the page). The action caches are kept consistent here, whatever component is on screen: a
// polled action is written through to the server's list, and when one finishes the server and its
// list are fetched again, so badges and buttons follow. The changes are in use-server-mutations.ts.
import type { QueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { retryUnlessClientError, fetchAction, fetchServer, fetchServerActions, isActionActive } from "./api";
import { queryRuntime, useLiveQuery } from "./live-query";
import type { ActionView } from "@/lib/contracts/actions";
import type { ServerView } from "@/lib/contracts/servers";

export const queryKeys = {
  server: (serverId: string) => ["server", serverId] as const,
  serverActions: (serverId: string) => ["server-actions", serverId] as const,
  action: (actionId: string) => ["action", actionId] as const,
};

const ACTION_POLL_MS = 1_000;
const SERVER_POLL_WHILE_BUSY_MS = 3_000;
const LIST_POLL_WHILE_BUSY_MS = 5_000;

const retry = retryUnlessClientError;

/** The action that runs first among those queued or running (the list is newest first). */
export function firstActiveAction(actions: ActionView[] | undefined): ActionView | undefined {
  return actions?.findLast((action) => isActionActive(action));
}

/** Stores a fresh copy of an action in both caches; when it has just finished, refreshes the rest. */
export function rememberAction(queryClient: QueryClient, action: ActionView): void {
  const listKey = queryKeys.serverActions(action.serverId);
  const before = queryClient.getQueryData<ActionView>(queryKeys.action(action.id)) ?? queryClient.getQueryData<ActionView[]>(listKey)?.find((a) => a.id === action.id);
  queryClient.setQueryData(queryKeys.action(action.id), action);
  queryClient.setQueryData<ActionView[]>(listKey, (list) =>
    list?.some((a) => a.id === action.id) ? list.map((a) => (a.id === action.id ? action : a)) : list && [action, ...list],
  );
  if (isActionActive(before) && !isActionActive(action)) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.server(action.serverId) });
    void queryClient.invalidateQueries({ queryKey: listKey });
  }
}

/** The server's actions, newest first; polled slowly while one is in progress, to see follow-ups. */
export function useLatestActions(serverId: string) {
  return useLiveQuery<ActionView[]>({
    queryKey: queryKeys.serverActions(serverId),
    queryFn: () => fetchServerActions(serverId),
    retry,
    refetchInterval: (query) => (firstActiveAction(query.state.data) ? LIST_POLL_WHILE_BUSY_MS : false),
  });
}

/** The server as the API describes it, seeded by the page; polled while an action is in progress. */
export function useServer(serverId: string, initialData: ServerView) {
  const busy = Boolean(firstActiveAction(useLatestActions(serverId).data));
  const query = useLiveQuery<ServerView>({
    queryKey: queryKeys.server(serverId),
    queryFn: () => fetchServer(serverId),
    initialData,
    retry,
    refetchInterval: busy ? SERVER_POLL_WHILE_BUSY_MS : false,
  });
  return { ...query, data: query.data ?? initialData };
}

/** One action, polled about every second while it is queued or running, and no more once it ends. */
export function useAction(actionId: string | null) {
  return useLiveQuery<ActionView>({
    queryKey: queryKeys.action(actionId ?? ""),
    queryFn: actionId
      ? async () => {
          const [action, { queryClient }] = await Promise.all([fetchAction(actionId), queryRuntime()]);
          rememberAction(queryClient, action);
          return action;
        }
      : null,
    retry,
    staleTime: 0,
    refetchInterval: (query) => (isActionActive(query.state.data) ? ACTION_POLL_MS : false),
  });
}

export type ServerActivity = {
  /** The action to show: the one in progress, or the last one seen in progress until dismissed. */
  action: ActionView | undefined;
  /** An action is queued or running: no new restart or settings change now. */
  busy: boolean;
  /** Not known yet whether an action is in progress (the list is still loading). */
  loading: boolean;
  /** How many more actions wait behind the one shown. */
  queuedBehind: number;
  /** When the shown action was last fetched (ms since epoch). */
  checkedAt: number;
  dismiss: () => void;
};

/**
 * What is happening to the server right now. An action found in progress (on load, or started from
 * here or anywhere else) is followed step by step, and stays shown after it ends until dismissed.
 */
export function useServerActivity(serverId: string): ServerActivity {
  const actions = useLatestActions(serverId);
  const active = firstActiveAction(actions.data);
  const [shownId, setShownId] = useState<string | null>(null);
  const shown = useAction(shownId);
  const shownIsActive = isActionActive(shown.data ?? actions.data?.find((a) => a.id === shownId));
  // Adjusting state while rendering (not in an effect): follow the running action as soon as it appears.
  if (active && active.id !== shownId && !shownIsActive) setShownId(active.id);

  const action = shown.data ?? actions.data?.find((a) => a.id === shownId);
  return {
    action,
    busy: Boolean(active) || isActionActive(action),
    loading: actions.isPending,
    queuedBehind: actions.data?.filter((a) => isActionActive(a) && a.id !== action?.id).length ?? 0,
    checkedAt: Math.max(shown.dataUpdatedAt, actions.dataUpdatedAt),
    dismiss: () => setShownId(null),
  };
}
