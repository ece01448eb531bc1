import type { DomainState, Hypervisor } from "./types.ts";

/** Polls until the domain is in `state`; answers false when the time-out passes first. */
export async function waitForState(
  hypervisor: Hypervisor,
  name: string,
  state: DomainState,
  { timeoutMs, pollMs = 250 }: { timeoutMs: number; pollMs?: number },
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await hypervisor.domainState(name)) === state) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
  }
}
