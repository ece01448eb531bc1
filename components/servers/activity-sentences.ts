import { getLocale, getTranslations } from "next-intl/server";
import { COMMANDS, type CommandName, type StepName } from "@/lib/actions/commands";
import type { ActivityEvent, ActivityKind } from "@/lib/contracts/activity";
import { formatMiB, imageName } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";

// A server's activity in words: one sentence per event, built by its kind from the activity
// messages (lib/i18n/messages/<locale>/activity.json) in the request's language. Server-only.
//
// A failed action's error is the plain English sentence the host stored (the step that failed, then
// what became of the server). English readers read it as it is; other languages read it rebuilt from
// its stable parts: the failed step, found as the sentence the step's failure begins with, and the
// error's code. A code these messages do not know keeps the stored sentence.

type Translate = Awaited<ReturnType<typeof getTranslations<"activity">>>;
type Sentences = { [K in ActivityKind]: (event: Extract<ActivityEvent, { kind: K }>) => string };

/** The outcomes each kind of command words by code; "failed" is a failure with nothing more to say than its step. */
const OUTCOMES = {
  restart: ["rolled_back", "not_applied", "rollback_failed", "agent_lost"],
  reinstall: ["rolled_back", "rollback_failed", "agent_lost", "unknown_image", "not_found", "name_taken", "image_missing", "disk_taken", "disk_too_small", "seed_taken", "invalid_login"],
} as const;
type Family = keyof typeof OUTCOMES;
type Outcome<F extends Family> = (typeof OUTCOMES)[F][number];

const familyOf = (command: CommandName): Family => (command === "reinstall" ? "reinstall" : "restart");

function knownOutcome<F extends Family>(family: F, code: string): code is Outcome<F> {
  return (OUTCOMES[family] as readonly string[]).includes(code);
}

/** The step whose plain failure the stored sentence begins with, if any. */
function failedStep(command: CommandName, message: string): StepName | undefined {
  const failures: Record<string, string> = COMMANDS[command].failures;
  return (Object.keys(failures) as StepName[]).find((step) => message.startsWith(failures[step] ?? "\0"));
}

function failureDetail(t: Translate, locale: Locale, command: CommandName, error: { code: string; message: string }): string {
  if (locale === "en") return error.message;
  const family = familyOf(command);
  let outcome: string | null = null;
  if (family === "reinstall" && knownOutcome("reinstall", error.code)) outcome = t(`failure.reinstall.${error.code}`);
  else if (family === "restart" && knownOutcome("restart", error.code)) outcome = t(`failure.restart.${error.code}`);
  else if (error.code !== "failed") return error.message;
  const step = failedStep(command, error.message);
  const cause = step ? t(`failure.steps.${step}`) : null;
  const detail = [cause, outcome].filter((part) => part !== null).join(" ");
  return detail || error.message;
}

/** The sentence of each event, in the request's language. */
export async function activitySentences(): Promise<(event: ActivityEvent) => string> {
  const t = await getTranslations("activity");
  const imported = (await getTranslations("common"))("importedImage");
  const locale = await getLocale();

  const sentences: Sentences = {
    ballooning_changed: ({ actor, enabled, restart }) =>
      t(`sentences.ballooningChanged.${enabled ? "on" : "off"}${restart === "now" ? "Now" : "Later"}`, { actor }),
    guaranteed_memory_refused: ({ actor, reason, requestedMiB }) =>
      reason === "host_full"
        ? t("sentences.guaranteedMemoryRefused.hostFull", { actor, memory: formatMiB(requestedMiB, locale) })
        : t("sentences.guaranteedMemoryRefused.hostMemoryUnknown", { actor }),
    action_queued: ({ actor, command }) => t(`sentences.queued.${command}`, { actor }),
    action_succeeded: ({ command }) => t(`sentences.succeeded.${command}`),
    action_failed: ({ command, error }) => t(`sentences.failed.${command}`, { detail: failureDetail(t, locale, command, error) }),
    reinstall_requested: ({ actor, image }) => t("sentences.reinstallRequested", { actor, image: imageName(image, imported) }),
    moved_to_kvm: ({ image }) => t("sentences.movedToKvm", { image: imageName(image, imported) }),
    ballooning_applied: ({ enabled }) => t(`sentences.ballooningApplied.${enabled ? "on" : "off"}`),
    server_added: () => t("sentences.serverAdded"),
    server_transferred: () => t("sentences.serverTransferred"),
  };

  // sentences[event.kind] takes exactly this event's kind; TypeScript cannot follow the pairing.
  return (event) => (sentences[event.kind] as (event: ActivityEvent) => string)(event);
}
