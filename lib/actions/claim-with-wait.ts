import { db } from "@/lib/db/client.ts";
import type { ClaimedAction } from "@/lib/contracts/provider.ts";
import { claimActions } from "./claim-actions.ts";
import { armWakeUp } from "./wait-for-actions.ts";

export const MAX_WAIT_MS = 30_000;

/**
 * Claims at once if there is work; otherwise waits up to `waitMs` for some (long poll). A new action
 * wakes the wait through NOTIFY; an agent's lease running out does not notify anyone, so the wait
 * also ends when the host's next lease expires, and a lost agent's action resumes without delay.
 * Once `signal` aborts (the agent hung up) nothing more is claimed: no one would receive it.
 */
export async function claimWithWait({ hostId, max, waitMs, signal }: { hostId: string; max: number; waitMs: number; signal?: AbortSignal }): Promise<ClaimedAction[]> {
  const deadline = Date.now() + Math.min(waitMs, MAX_WAIT_MS);
  for (;;) {
    const wakeUp = waitMs > 0 ? await armWakeUp(hostId) : undefined;
    if (signal?.aborted) {
      wakeUp?.cancel();
      return [];
    }
    const claimed = await claimActions({ hostId, max });
    const left = deadline - Date.now();
    if (claimed.length > 0 || left <= 0 || !wakeUp) {
      wakeUp?.cancel();
      return claimed;
    }
    await wakeUp.wait(Math.min(left, await untilNextLeaseExpiry(hostId)), signal);
  }
}

async function untilNextLeaseExpiry(hostId: string): Promise<number> {
  const next = await db().action.findFirst({
    where: { hostId, status: "running", leaseUntil: { not: null } },
    orderBy: { leaseUntil: "asc" },
    select: { leaseUntil: true },
  });
  return next?.leaseUntil ? Math.max(50, next.leaseUntil.getTime() - Date.now() + 50) : MAX_WAIT_MS;
}
