import pg from "pg";
import { databaseUrl } from "@/lib/db/client.ts";
import { ACTIONS_CHANNEL } from "./notify.ts";

// The long poll behind `claim { waitMs }`: one LISTEN connection per app process wakes the agents
// waiting for their host the moment an action is queued, instead of them polling on a timer.

type Listener = { client: pg.Client; waiters: Map<string, Set<() => void>> };
const state = globalThis as unknown as { actionListener?: Promise<Listener> };

function listener(): Promise<Listener> {
  state.actionListener ??= (async () => {
    // Keep-alive finds a connection a silent network left half-open; a long poll's own timer covers the wait meanwhile.
    const client = new pg.Client({ connectionString: databaseUrl(), connectionTimeoutMillis: 5_000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    const waiters = new Map<string, Set<() => void>>();
    const wakeAll = () => waiters.forEach((set) => set.forEach((wake) => wake()));
    client.on("notification", (message) => waiters.get(message.payload ?? "")?.forEach((wake) => wake()));
    client.on("error", () => {
      // Lost connection: wake everyone (they re-check the queue) and connect afresh next time.
      state.actionListener = undefined;
      wakeAll();
    });
    await client.connect();
    await client.query(`LISTEN ${ACTIONS_CHANNEL}`);
    return { client, waiters };
  })().catch((error: unknown) => {
    state.actionListener = undefined;
    throw error;
  });
  return state.actionListener;
}

export type WakeUp = { wait: (ms: number, signal?: AbortSignal) => Promise<void>; cancel: () => void };

/**
 * Arms a wake-up for the host's next queued action. Arm it before looking at the queue: an action
 * queued between the look and the wait still wakes the waiter.
 */
export async function armWakeUp(hostId: string): Promise<WakeUp> {
  const { waiters } = await listener();
  const set = waiters.get(hostId) ?? new Set<() => void>();
  waiters.set(hostId, set);
  let woken = false;
  let resolveWait: (() => void) | undefined;
  const wake = () => {
    woken = true;
    resolveWait?.();
  };
  set.add(wake);
  const cancel = () => set.delete(wake);
  return {
    cancel,
    wait: (ms, signal) =>
      new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", finish);
          cancel();
          resolve();
        };
        const timer = setTimeout(finish, ms);
        resolveWait = finish;
        signal?.addEventListener("abort", finish, { once: true });
        if (woken || signal?.aborted) finish();
      }),
  };
}
