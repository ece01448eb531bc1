import { setTimeout as sleep } from "node:timers/promises";
import type { DomainState, Hypervisor } from "./types.ts";

/**
 * Polls until the domain is in `state`; answers false when the time-out passes first. A `signal`
 * stops the wait at once (rejecting with an AbortError), so a caller that lost the right to act
 * does not sit out a minute-long shutdown.
 */
export async function waitForState(
  hypervisor: Hypervisor,
  name: string,
  state: DomainState,
  { timeoutMs, pollMs = 250, signal }: { timeoutMs: number; pollMs?: number; signal?: AbortSignal },
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if ((await hypervisor.domainState(name)) === state) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(pollMs, left), undefined, { signal });
  }
}
