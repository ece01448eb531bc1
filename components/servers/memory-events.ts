import type { MemoryEvent } from "@/lib/contracts/metrics";

// How the memory chart names and colours the moments it marks. The colours pass 4.5:1 against
// white, both as the flag's background under white text and as a line on the plot.

export const EVENT_SHORT_NAMES: Record<MemoryEvent["kind"], string> = {
  ballooning_disabled: "Ballooning off",
  ballooning_enabled: "Ballooning on",
  moved_to_kvm: "Moved to KVM",
};

export const EVENT_DESCRIPTIONS: Record<MemoryEvent["kind"], string> = {
  ballooning_disabled: "Ballooning switched off: from here on, only the host's view",
  ballooning_enabled: "Ballooning switched on: from here on, the guest's own figures",
  moved_to_kvm: "Reinstalled on KVM, with ballooning on",
};

export const EVENT_COLOURS: Record<MemoryEvent["kind"], string> = {
  ballooning_disabled: "#b45309", // amber-700
  ballooning_enabled: "#047857", // emerald-700
  moved_to_kvm: "#0369a1", // sky-700
};
