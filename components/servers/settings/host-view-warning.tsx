import { TriangleAlert } from "lucide-react";
import type { ServerView } from "@/lib/contracts/servers";

/**
 * Without a balloon driver the guest reports no memory figures: the chart falls back to the host's
 * view. A warning before the customer disables ballooning (or while that change waits for its
 * restart); a plain note while the server runs without it.
 */
export function HostViewWarning({ ballooning }: { ballooning: ServerView["ballooning"] }) {
  if (ballooning.applied === false) {
    return (
      <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-inset ring-slate-200">
        Your server runs without ballooning, so the memory chart shows only the host&apos;s view: the memory your server&apos;s process
        occupies on the host. Figures from inside your server (used, cache, available) are not reported
        {ballooning.enabled ? " until the restart that turns ballooning back on." : "."}
      </p>
    );
  }
  return (
    <div className="flex gap-3 rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-inset ring-amber-600/30">
      <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-amber-600" />
      <p>
        <span className="font-medium">{ballooning.enabled ? "Before you disable it:" : "After the restart:"}</span> with ballooning
        disabled, the memory chart can only show the host&apos;s view, the memory your server&apos;s process occupies on the host.
        Figures from inside your server (used, cache, available) are no longer reported.
      </p>
    </div>
  );
}
