import { z } from "zod";
import { ALL_STEP_NAMES } from "@/lib/actions/commands/index.ts";

// Request bodies of the provider API (API.md). `lease` is the id a claim handed out: progress and
// completion carry it, so a lost agent's late reports cannot touch an action another agent resumed.

export const claimBody = z.strictObject({
  max: z.number().int().min(1).max(50).optional(),
  waitMs: z.number().int().min(0).max(30_000).optional(),
});

const domainState = z.enum(["running", "shutoff", "shutting_down", "paused", "crashed", "other"]);
const balloon = z.enum(["virtio", "none"]).nullable();

export const observationSchema = z.strictObject({ state: domainState, balloon, pendingBalloon: balloon.optional() });

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
        memory: z
          .strictObject({
            at: z.iso.datetime().optional(),
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
