import type { MemoryEvent } from "@/lib/contracts/metrics";

// How the memory chart colours the moments it marks (their names are the memory messages'
// chart.events). The colours pass 4.5:1 against white, both as the flag's background under white
// text and as a line on the plot.

export const EVENT_COLOURS: Record<MemoryEvent["kind"], string> = {
  ballooning_disabled: "#b45309", // amber-700
  ballooning_enabled: "#047857", // emerald-700
  moved_to_kvm: "#0369a1", // sky-700
};
