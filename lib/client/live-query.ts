"use client";

// TanStack Query without its weight on the first load: useLiveQuery runs the library's own
// QueryObserver (same caching, polling, retries and focus refetches as useQuery), loaded from
// query-runtime.ts once the page has hydrated. Until then it answers with the data the server
// rendered the page from (initialData), or as pending.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { QueryFunction, QueryKey, QueryObserverOptions, QueryObserverResult } from "@tanstack/react-query";

type Runtime = typeof import("./query-runtime");

let loading: Promise<Runtime> | null = null;
let loaded: Runtime | null = null;

/**
 * The query client and the library, loaded once per tab. The API's answer schemas (answers.ts) come
 * alongside: every query's first fetch parses its answer with them, so they need not wait for it.
 */
export function queryRuntime(): Promise<Runtime> {
  if (loading) return loading;
  // A schema chunk that fails to load fails the call that needs it, with the API client's own message.
  const schemas = import("./answers").catch(() => null);
  loading = Promise.all([import("./query-runtime"), schemas]).then(
    ([runtime]) => (loaded = runtime),
    (error: unknown) => {
      // Unreachable for now: the next hook that mounts tries again.
      loading = null;
      throw error;
    },
  );
  return loading;
}

export type LiveQueryOptions<T> = Omit<QueryObserverOptions<T, Error, T, T, QueryKey>, "queryFn" | "initialData"> & {
  /** null: nothing to fetch (TanStack's skipToken). */
  queryFn: QueryFunction<T, QueryKey> | null;
  initialData?: T;
};

/** The part of a query's state the dashboard reads. */
export type LiveQuery<T> = {
  data: T | undefined;
  error: Error | null;
  isPending: boolean;
  isError: boolean;
  isPlaceholderData: boolean;
  /** When the data was last fetched (ms since epoch); 0 for the server-rendered data. */
  dataUpdatedAt: number;
  refetch: () => void;
};

function observerOptions<T>(runtime: Runtime, { queryFn, ...options }: LiveQueryOptions<T>) {
  const defaulted = runtime.queryClient.defaultQueryOptions<T, Error, T, T, QueryKey>({ ...options, queryFn: queryFn ?? runtime.skipToken });
  // As useQuery: a query about to fetch reports itself fetching in this very render.
  defaulted._optimisticResults = "optimistic";
  return defaulted;
}

const view = <T>(result: QueryObserverResult<T, Error>): LiveQuery<T> => ({
  data: result.data,
  error: result.error,
  isPending: result.isPending,
  isError: result.isError,
  isPlaceholderData: result.isPlaceholderData,
  dataUpdatedAt: result.dataUpdatedAt,
  refetch: () => void result.refetch(),
});

const noSubscription = () => () => {};

export function useLiveQuery<T>(options: LiveQueryOptions<T>): LiveQuery<T> {
  const [runtime, setRuntime] = useState<Runtime | null>(loaded);
  useEffect(() => {
    // Until it loads, the page keeps the data it was rendered with.
    if (!runtime) queryRuntime().then(setRuntime, () => {});
  }, [runtime]);

  // One observer per hook, as useQuery keeps; later options reach it through setOptions below.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const observer = useMemo(() => runtime && new runtime.QueryObserver(runtime.queryClient, observerOptions(runtime, options)), [runtime]);
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!observer || !runtime) return noSubscription();
      const unsubscribe = observer.subscribe(runtime.notifyManager.batchCalls(onChange));
      observer.updateResult();
      return unsubscribe;
    },
    [observer, runtime],
  );
  useSyncExternalStore(subscribe, () => observer?.getCurrentResult(), () => undefined);
  useEffect(() => {
    if (observer && runtime) observer.setOptions(observerOptions(runtime, options));
  });

  if (!observer || !runtime) {
    const data = options.initialData;
    return { data, error: null, isPending: data === undefined, isError: false, isPlaceholderData: false, dataUpdatedAt: 0, refetch: () => {} };
  }
  return view(observer.getOptimisticResult(observerOptions(runtime, options)));
}

/** Marks the queries under `queryKey` stale and fetches those on screen again. */
export function invalidateQueries(queryKey: QueryKey): Promise<void> {
  return queryRuntime().then(({ queryClient }) => queryClient.invalidateQueries({ queryKey }));
}
