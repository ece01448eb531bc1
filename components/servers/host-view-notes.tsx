import type { ReactNode } from "react";
import type { HostViewReason } from "@/lib/metrics/usage";

// What the memory card says when only the host's view of a server's memory is available, one note
// per reason (lib/metrics/usage.ts). Rendered on the server and handed to the client card, which
// picks the note for the server as it is now: the words travel as markup, not as script the page
// loads.

export type HostViewNotes = Record<HostViewReason, ReactNode>;

const hostView = "the memory your server's process occupies on the host, which includes the guest's own cache";

export function hostViewNotes(): HostViewNotes {
  return {
    lxc: <Note>This LXC server has no balloon driver, so only the host&apos;s view of its memory is available: {hostView}.</Note>,
    ballooning_off: (
      <Note>
        Ballooning is off on this server, so the guest reports no figures of its own. What you see is the host&apos;s view: {hostView}.
      </Note>
    ),
    driver_silent: (
      <Note>
        <strong className="font-medium text-slate-900">Ballooning is on, but your server reports no memory figures.</strong> The balloon
        driver inside the server is not running: it is not installed or not loaded, or the server is still starting up. Until it
        reports, you see the host&apos;s view: {hostView}.
        <span className="mt-2 block">
          On Linux, the driver is the <code className="rounded bg-white px-1 font-mono text-xs ring-1 ring-slate-200">virtio_balloon</code>{" "}
          kernel module, included in most distributions: load it with{" "}
          <code className="rounded bg-white px-1 font-mono text-xs ring-1 ring-slate-200">modprobe virtio_balloon</code>. On Windows,
          install the VirtIO balloon driver and its service from the virtio-win drivers. Figures appear here within a minute of the
          driver starting.
        </span>
      </Note>
    ),
    not_seen: <Note>The host has not reported this server&apos;s balloon yet, so only its view of the memory is shown: {hostView}.</Note>,
  };
}

function Note({ children }: { children: ReactNode }) {
  return <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-inset ring-slate-200">{children}</p>;
}
