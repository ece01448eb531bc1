import { TriangleAlert } from "lucide";
import { Icon } from "@/components/ui/icon";
import { richWords } from "@/components/ui/words";
import type { ServerView } from "@/lib/contracts/servers";
import type { SettingsWords } from "./settings-words";

/**
 * Without a balloon driver the guest reports no memory figures: the chart falls back to the host's
 * view. A warning before the customer disables ballooning (or while that change waits for its
 * restart); a plain note while the server runs without it.
 */
export function HostViewWarning({ ballooning, words }: { ballooning: ServerView["ballooning"]; words: SettingsWords["hostView"] }) {
  if (ballooning.applied === false) {
    return (
      <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-inset ring-slate-200">
        {ballooning.enabled ? words.runsWithoutUntilRestart : words.runsWithout}
      </p>
    );
  }
  return (
    <div className="flex gap-3 rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-900 ring-1 ring-inset ring-amber-600/30">
      <Icon icon={TriangleAlert} className="mt-0.5 size-4 shrink-0 text-amber-600" />
      <p className="min-w-0">{richWords(ballooning.enabled ? words.beforeDisabling : words.afterRestart, {}, "font-medium")}</p>
    </div>
  );
}
