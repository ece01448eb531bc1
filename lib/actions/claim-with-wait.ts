import { claimActions, type ClaimedAction } from "./claim-actions.ts";
import { armWakeUp } from "./wait-for-actions.ts";

export const MAX_WAIT_MS = 30_000;

/** Claims at once if there is work; otherwise waits up to `waitMs` for some to be queued (long poll). */
export async function claimWithWait({ hostId, max, waitMs }: { hostId: string; max: number; waitMs: number }): Promise<ClaimedAction[]> {
  const deadline = Date.now() + Math.min(waitMs, MAX_WAIT_MS);
  for (;;) {
    const wakeUp = waitMs > 0 ? await armWakeUp(hostId) : undefined;
    const claimed = await claimActions({ hostId, max });
    const left = deadline - Date.now();
    if (claimed.length > 0 || left <= 0 || !wakeUp) {
      wakeUp?.cancel();
      return claimed;
    }
    await wakeUp.wait(left);
  }
}
