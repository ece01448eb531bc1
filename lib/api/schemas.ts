import { z } from "zod";

// Request bodies of the customer API (API.md). Strict: an unknown field is an error, not ignored.

export const setBallooningBody = z.strictObject({
  enabled: z.boolean({ error: "enabled must be true or false" }),
  restart: z.enum(["now", "later"], { error: 'restart must be "now" or "later"' }).optional(),
});

export const restartBody = z.strictObject({
  mode: z.enum(["graceful", "force"], { error: 'mode must be "graceful" or "force"' }).optional(),
});

export const reinstallBody = z.strictObject({
  image: z.string({ error: "image must be a string" }).min(1, "image is required").max(64),
  confirmName: z.string({ error: "confirmName must be a string" }).max(256),
});
