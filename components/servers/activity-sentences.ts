import type { ActivityActor, ActivityEvent, ActivityKind } from "@/lib/contracts/activity";
import type { ActionView } from "@/lib/contracts/actions";
import { formatMiB, imageName } from "@/lib/format";
import { actionTitle } from "./action-titles";

// A server's activity in words: one sentence per event, built by its kind. The only place the
// activity's wording lives, so that a translation replaces this module and nothing else.

type Sentences = { [K in ActivityKind]: (event: Extract<ActivityEvent, { kind: K }>) => string };

const WHO: Record<ActivityActor, string> = { you: "You", support: "Support", system: "The dashboard" };

const QUEUED: Record<ActionView["command"], string> = {
  apply_settings: "a restart to apply your memory settings",
  restart: "a restart",
  reinstall: "the reinstall on KVM",
};

const onOff = (enabled: boolean) => (enabled ? "on" : "off");

const SENTENCES: Sentences = {
  ballooning_changed: ({ actor, enabled, restart }) =>
    restart === "now"
      ? `${WHO[actor]} turned memory ballooning ${onOff(enabled)} and asked for a restart to apply it.`
      : `${WHO[actor]} turned memory ballooning ${onOff(enabled)}, to take effect at the server's next restart.`,
  guaranteed_memory_refused: ({ actor, reason, requestedMiB }) =>
    reason === "host_full"
      ? `${WHO[actor]} asked to turn memory ballooning off. It stayed on: the host has no room to guarantee the server's ${formatMiB(requestedMiB)}.`
      : `${WHO[actor]} asked to turn memory ballooning off. It stayed on: the host had not reported its memory yet.`,
  action_queued: ({ actor, command }) => `${WHO[actor]} queued ${QUEUED[command]}.`,
  action_succeeded: ({ command }) => `${actionTitle({ command, status: "success" })}.`,
  action_failed: ({ command, error }) => `${actionTitle({ command, status: "error" })}. ${error.message}`,
  reinstall_requested: ({ actor, image }) => `${WHO[actor]} asked for the server to be reinstalled on KVM with ${imageName(image)}, erasing its data.`,
  moved_to_kvm: ({ image }) => `The server now runs on KVM with ${imageName(image)}, and memory ballooning on.`,
  ballooning_applied: ({ enabled }) => `The server now runs with memory ballooning ${onOff(enabled)}.`,
  server_added: () => "Support added this server to your account.",
  server_transferred: () => "Support moved this server to your account.",
};

export function activitySentence(event: ActivityEvent): string {
  // SENTENCES[event.kind] takes exactly this event's kind; TypeScript cannot follow the pairing.
  const sentence = SENTENCES[event.kind] as (event: ActivityEvent) => string;
  return sentence(event);
}
