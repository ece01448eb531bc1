import { z } from "zod";
import { ALL_STEP_NAMES } from "@/lib/actions/commands/index.ts";
import { RAW_RETENTION_MS } from "@/lib/metrics/prune-samples.ts";

// Request bodies of the provider API (API.md). `lease` is the id a claim handed out: progress and
// completion carry it, so a lost agent's late reports cannot touch an action another agent resumed.

export const claimBody = z.strictObject({
  max: z.number().int().min(1).max(50).optional(),
  waitMs: z.number().int().min(0).max(30_000).optional(),
});

const domainState = z.enum(["running", "shutoff", "shutting_down", "paused", "crashed", "other"]);
const balloon = z.enum(["virtio", "none"]).nullable();

/** Agents' clocks drift: a time ahead of the dashboard's by more than this is refused. */
const CLOCK_TOLERANCE_MS = 60_000;

/** A moment an agent reports: not more than a minute ahead of the dashboard's clock, nor older than `oldestMs`. */
function agentTime(oldestMs: number, older: string) {
  return z.iso
    .datetime({ offset: true })
    .refine((value) => Date.parse(value) <= Date.now() + CLOCK_TOLERANCE_MS, "must not be more than a minute in the future (check the agent's clock)")
    .refine((value) => Date.parse(value) >= Date.now() - oldestMs, older);
}

// An observation describes the present: a day-old one is a stuck agent or a wrong clock.
const observedTime = agentTime(24 * 60 * 60_000, "must not be more than a day old");

export const observationSchema = z.strictObject({
  state: domainState,
  balloon,
  pendingBalloon: balloon.optional(),
  at: observedTime.optional(),
  definitionsAt: observedTime.optional(),
});

/** A step's record (the definition it replaced, say): small JSON, kept for a later attempt or an undo. */
const stepData = z
  .record(z.string().max(64), z.json())
  .refine((data) => JSON.stringify(data).length <= 256 * 1024, "A step's data must stay under 256 KiB");

export const progressBody = z.strictObject({
  lease: z.string().min(1),
  step: z.enum(ALL_STEP_NAMES).optional(),
  status: z.enum(["running", "done", "skipped", "error"]).optional(),
  progress: z.number().int().min(0).max(100).optional(),
  data: stepData.optional(),
});

export const completeBody = z.strictObject({
  lease: z.string().min(1),
  status: z.enum(["success", "error"]),
  error: z
    .strictObject({ code: z.string().min(1).max(64), message: z.string().min(1).max(2000), detail: z.string().max(8000).optional() })
    .optional(),
  observed: observationSchema.optional(),
});

const kib = z.number().nonnegative().max(2 ** 50);

export const reportBody = z.strictObject({
  domains: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(128),
        state: domainState,
        virtualization: z.enum(["kvm", "lxc", "other"]),
        balloon,
        pendingBalloon: balloon.optional(),
        at: observedTime.optional(),
        definitionsAt: observedTime.optional(),
        memory: z
          .strictObject({
            at: agentTime(RAW_RETENTION_MS, "must not be older than the raw samples are kept (24 hours)").optional(),
            source: z.enum(["guest", "host"]),
            totalKiB: kib,
            balloonKiB: kib.nullable(),
            usedKiB: kib.nullable(),
            availableKiB: kib.nullable(),
            cacheKiB: kib.nullable(),
            rssKiB: kib.nullable(),
          })
          .nullable(),
      }),
    )
    .max(5_000),
});
