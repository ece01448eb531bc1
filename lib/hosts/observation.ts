import type { Prisma } from "@/lib/db/client.ts";
import type { BalloonModel, ServerStatus } from "@/lib/db/generated/enums.ts";
import type { DomainState } from "@/lib/hypervisor/types.ts";

/** What a host agent saw of one domain: its power state and the balloon of its live and persistent XML. */
export type Observation = {
  state: DomainState;
  /** The running domain's balloon (live XML); null for LXC or when unknown. */
  balloon: "virtio" | "none" | null;
  /** The persistent definition's balloon, which the next cold restart brings. */
  pendingBalloon?: "virtio" | "none" | null;
};

const STATUS_BY_STATE: Record<DomainState, ServerStatus> = {
  running: "running",
  shutting_down: "running",
  paused: "stopped",
  shutoff: "stopped",
  crashed: "unknown",
  other: "unknown",
};

/** Records an observation on the server. `keepStatus` leaves the status alone while an action owns it. */
export async function applyObservation(
  tx: Prisma.TransactionClient,
  serverId: string,
  observation: Observation,
  { keepStatus = false, at = new Date() }: { keepStatus?: boolean; at?: Date } = {},
): Promise<void> {
  const next: BalloonModel | null = observation.pendingBalloon === undefined ? observation.balloon : observation.pendingBalloon;
  await tx.server.update({
    where: { id: serverId },
    data: {
      observedBalloon: observation.balloon,
      observedNextBalloon: next,
      observedAt: at,
      ...(keepStatus ? {} : { status: STATUS_BY_STATE[observation.state] }),
    },
  });
}
