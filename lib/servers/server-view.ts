import type { ServerView } from "@/lib/contracts/servers.ts";
import type { Server as ServerRecord } from "@/lib/db/generated/client.ts";

// The Server resource (lib/contracts/servers.ts), built from the database row. Desired state
// (what the customer asked for) and observed state (what the host agent saw) stay distinct.

/** The columns a view is built from: the whole record, or the row serverViewRows reads. */
export type ServerViewSource = Pick<ServerRecord, "id" | "name" | "status" | "virtualization" | "memoryMiB" | "vcpus" | "diskGiB" | "image" | "ballooningEnabled" | "observedBalloon">;

export function toServerView(server: ServerViewSource): ServerView {
  const supported = server.virtualization === "kvm";
  const enabled = supported && server.ballooningEnabled;
  const applied = !supported ? false : server.observedBalloon === null ? null : server.observedBalloon === "virtio";
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    virtualization: server.virtualization,
    memoryMiB: server.memoryMiB,
    vcpus: server.vcpus,
    diskGiB: server.diskGiB,
    image: server.image,
    ballooning: { supported, enabled, applied, pendingRestart: supported && applied !== null && applied !== enabled },
  };
}
